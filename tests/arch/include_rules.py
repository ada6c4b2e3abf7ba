#!/usr/bin/env python3
"""The architecture's include rule, checked on every build: domain folders
(src/<domain>/, not their adapter subfolders such as src/face/opencv/) never
include storage, HTTP, Boost, SQLite or OpenCV headers, and their headers
never include nlohmann/json (serialisation belongs to adapters). The link
rules of CMake stop a domain from linking those libraries, but not from
including their headers; this does.

  tests/arch/include_rules.py SRC_DIR      exit 1 and a list on violation
"""
import os, re, sys

DOMAINS = ['common', 'congress', 'documents', 'search', 'attendance', 'meeting', 'auth', 'audit',
           'face', 'voting', 'speakers', 'content', 'checkin']
ADAPTER_SUBDIRS = {'opencv'}  # src/face/opencv is the OpenCV adapter
FORBIDDEN = [
    (re.compile(r'#\s*include\s*[<"](storage|http|app)/'), 'storage/http/app header'),
    (re.compile(r'#\s*include\s*<boost/'), 'Boost'),
    (re.compile(r'#\s*include\s*[<"]sqlite3\.h[>"]'), 'SQLite'),
    (re.compile(r'#\s*include\s*[<"]opencv'), 'OpenCV'),
    (re.compile(r'#\s*include\s*[<"]libpq'), 'libpq'),
]
HEADER_ONLY = [(re.compile(r'#\s*include\s*<nlohmann/'), 'nlohmann/json in a domain header')]


def main():
    src = sys.argv[1]
    bad = []
    for d in DOMAINS:
        root = os.path.join(src, d)
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = [x for x in dirnames if x not in ADAPTER_SUBDIRS]
            for f in files:
                if not f.endswith(('.h', '.cc', '.cpp', '.hpp')):
                    continue
                path = os.path.join(dirpath, f)
                rules = FORBIDDEN + (HEADER_ONLY if f.endswith(('.h', '.hpp')) else [])
                with open(path, encoding='utf-8', errors='replace') as fh:
                    for n, line in enumerate(fh, 1):
                        for rx, what in rules:
                            if rx.search(line):
                                bad.append(f'{os.path.relpath(path, src)}:{n}: {what}: {line.strip()}')
    if bad:
        print('domain code includes what only adapters may:')
        print('\n'.join(bad))
        return 1
    print('include rules hold in', ', '.join(d for d in DOMAINS if os.path.isdir(os.path.join(src, d))))
    return 0


if __name__ == '__main__':
    sys.exit(main())

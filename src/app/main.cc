// phonghop: the paperless congress server and its command-line tools.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/commands.h"
#include "app/version.h"

namespace {

constexpr char kUsage[] =
    "phonghop — hệ thống phòng họp không giấy (paperless congress system)\n"
    "\n"
    "Usage: phonghop <command> [options]\n"
    "\n"
    "Commands:\n"
    "  serve       run the web server (phones, kiosks, console)\n"
    "  congress    create / list congresses\n"
    "  delegates   import / export the delegate list (CSV, XLSX)\n"
    "  import      import document files and folders (each gets a QR link)\n"
    "  qr          print QR sheets: document labels, agenda posters, badges\n"
    "  search      search documents (Vietnamese, with or without diacritics)\n"
    "  reindex     rebuild the search index\n"
    "  user        add staff accounts (admin, secretariat, chair, check-in)\n"
    "  face        face embeddings, enrolment, identification, biometric deletion\n"
    "  backup      consistent copy of the data (or of one congress) while serving\n"
    "  restore     put a backup in place (server stopped)\n"
    "  migrate     bring a database (SQLite or PostgreSQL) to this version's schema\n"
    "  move        copy one congress between stores (laptop SQLite <-> PostgreSQL + S3)\n"
    "  version     print the version\n"
    "\n"
    "Run 'phonghop <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace phonghop::app;
  // A phone that closes its connection mid-download must cost an EPIPE on
  // that connection, not the process: sendfile(2) cannot pass MSG_NOSIGNAL.
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  std::string cmd = argv[1];
  Args args(argv + 2, argv + argc);
  if (cmd == "serve") return ServeCommand(args);
  if (cmd == "delegates") return DelegatesCommand(args);
  if (cmd == "congress") return CongressCommand(args);
  if (cmd == "backup") return BackupCommand(args);
  if (cmd == "user") return UserCommand(args);
  if (cmd == "restore") return RestoreCommand(args);
  if (cmd == "import") return ImportCommand(args);
  if (cmd == "qr") return QrCommand(args);
  if (cmd == "extract") return ExtractCommand(args);
  if (cmd == "render") return RenderCommand(args);
  if (cmd == "ocr") return OcrCommand(args);
  if (cmd == "search") return SearchCommand(args);
  if (cmd == "reindex") return ReindexCommand(args);
  if (cmd == "face") return FaceCommand(args);
  if (cmd == "migrate") return MigrateCommand(args);
  if (cmd == "move") return MoveCommand(args);
  if (cmd == "version" || cmd == "--version") {
    std::printf("phonghop %s\n", kVersion);
    return kExitOk;
  }
  std::fprintf(stderr, "phonghop: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
  return kExitUsage;
}

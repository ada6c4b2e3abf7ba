#!/usr/bin/env python3
"""Markdown for docs/BENCHMARKS.md from liveness_eval JSON (bench/face.sh).

liveness_report.py CHOSEN.json PADDED.json RGB.json SIZES.json
"""
import json
import sys

chosen, padded, rgb, sizes = (json.load(open(p)) for p in sys.argv[1:5])
pc = lambda x: f'{100 * x:.2f}%'


def frac(r, acc, tot):
    return f'{r[acc]}/{r[tot]} ({pc(r[acc] / r[tot] if r[tot] else 0)})'


t = chosen['threshold']
print('## Liveness (printed-photo attacks)\n')
print('`bench/face.sh` — `build/release/bench/liveness_eval` on `../shared/faces/liveness-dev` '
      '(NUAA Photograph Imposter Database: 188 real webcam frames and 276 frames of printed photos — flat and curved, '
      'moved by hand — of the same seven people). The face box comes from the engine the server uses; '
      '`fr_liveness.onnx` (MiniFASNetV2-SE) sees the box enlarged 2.7× and shifted inside the frame, 128×128, '
      f'BGR raw 0–255. Server rule: live probability ≥ {t:.2f} (the package demo\'s value, not tuned here); '
      f'the kiosk decides on the median of {chosen["frames"]} steady frames. APCER = attack frames accepted as live, '
      'BPCER = real frames refused (ISO/IEC 30107-3). Multi-frame: every window of '
      f'{chosen["frames"]} consecutive frames of one capture sequence (frames are 0.5 s apart in the source video, '
      'further apart than the kiosk\'s ≈ 120 ms). Goals at the single-frame rule: APCER ≤ 1%, BPCER ≤ 3%.\n')
print('| subject | APCER, 1 frame | BPCER, 1 frame | APCER, median of 3 | BPCER, median of 3 |')
print('|---|---|---|---|---|')
for s, v in sorted(chosen['per_subject'].items()):
    a, m = v['single'], v['multi']
    print(f'| {s} | {frac(a, "attacks_accepted", "attacks")} | {frac(a, "lives_refused", "lives")} | '
          f'{frac(m, "attacks_accepted", "attacks")} | {frac(m, "lives_refused", "lives")} |')
a, m = chosen['single'], chosen['multi']
print(f'| **all** | **{frac(a, "attacks_accepted", "attacks")}** | **{frac(a, "lives_refused", "lives")}** | '
      f'**{frac(m, "attacks_accepted", "attacks")}** | **{frac(m, "lives_refused", "lives")}** |')
print()
attack = sorted(x['score'] for x in chosen['scores'] if x['attack'])
live = sorted(x['score'] for x in chosen['scores'] if not x['attack'])
nf = chosen['no_face']
print(f'Highest attack score {attack[-1]:.3f}, 99th percentile {attack[int(0.99 * (len(attack) - 1))]:.4f}; '
      f'lowest real score {live[0]:.3f}, 2nd percentile {live[int(0.02 * (len(live) - 1))]:.3f}. '
      f'Frames without a detected face (not counted above): {nf["live"]} real, {nf["attack"]} attack. '
      f'Liveness time per frame (decode + crop + network, one core): p50 {chosen["ms_p50"]:.1f} ms, '
      f'p99 {chosen["ms_p99"]:.1f} ms.\n')
print(f'Pre-processing alternatives, same frames, same threshold {t:.2f} (single frame):\n')
print('| pre-processing | APCER | BPCER |')
print('|---|---|---|')
for name, d in (('**chosen**: box ×2.7 shifted inside the frame, BGR', chosen),
                ('square ×2.7 of the longer side, padded black at the edges, BGR', padded),
                ('box ×2.7 shifted inside, RGB (as the package\'s JavaScript feeds it)', rgb)):
    print(f'| {name} | {frac(d["single"], "attacks_accepted", "attacks")} | {frac(d["single"], "lives_refused", "lives")} |')
print()
runs = [f'{k} ({v})' for k, v in sizes.items() if v.startswith('runs')]
print('Input sizes OpenCV 4.6 DNN accepts for this model: ' + ', '.join(runs) +
      '; ' + ', '.join(f'{k} fails' for k in sorted(sizes, key=int) if not sizes[k].startswith('runs')) +
      ' (`liveness_eval --sizes`).\n')
print('Print attacks only: screen replays and masks are not in this set and were not measured (docs/security.md).\n')

"""A deterministic national data set: many areas, each a realistic partnership.

    python -m benchmarks.generate OUT [--areas 152] [--commitments 60] [--seed 1]

The same arguments always give byte-identical files. The default (152 areas of 60
commitments with measures and updates) is about 8 MB of YAML, England's 152 upper-tier areas.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

THEMES = ["commissioning", "access-before-crisis", "urgent-access", "quality-of-care", "recovery"]
STATUSES = ["not-started", "on-track", "on-track", "on-track", "at-risk", "off-track",
            "complete", "withdrawn"]  # fmt: skip
ORGS = [
    ("police", "police", "Constabulary"),
    ("pcc", "pcc", "Office of the Police and Crime Commissioner"),
    ("ambulance", "ambulance", "Ambulance Service NHS Trust"),
    ("mh-trust", "mental-health-trust", "Mental Health NHS Foundation Trust"),
    ("acute", "acute-trust", "University Hospitals NHS Foundation Trust"),
    ("icb", "commissioner", "Integrated Care Board"),
    ("council", "local-authority", "County Council"),
    ("mind", "voluntary", "Mind"),
    ("healthwatch", "healthwatch", "Healthwatch"),
    ("btp", "transport-police", "British Transport Police"),
    ("fire", "fire-rescue", "Fire and Rescue Service"),
    ("recovery", "other", "Recovery Partnership"),
]
#: Nothing is dated after this, so the data set is valid for any as-of date from it on.
LAST = date(2026, 11, 1)
WORDS = (  # noqa: SIM905 - easier to read and edit as one string
    "crisis care place of safety police custody ambulance response mental health nurse "
    "control room section 136 suite beds home treatment team carers experience peer "
    "support discharge follow up waiting times access hospital transport training "
    "information sharing protocol children young people street triage liaison"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize()


def _area_yaml(rng: random.Random, index: int, commitments: int) -> tuple[str, str]:
    name = f"Area {index:03d}"
    sig = [f"area: {name}", "signatories:"]
    for slug, sector, label in ORGS:
        sig += [
            f"  - id: {slug}",
            f"    name: {name} {label}",
            f"    sector: {sector}",
            "    signed: 2014-" + f"{rng.randint(6, 12):02d}-{rng.randint(1, 28):02d}",
        ]
    com = ["commitments:"]
    counters = dict.fromkeys(THEMES, 0)
    for _ in range(commitments):
        theme = rng.choice(THEMES)
        counters[theme] += 1
        owner = rng.choice(ORGS[:9])[0]
        partners = sorted({rng.choice(ORGS)[0] for _ in range(rng.randint(0, 3))} - {owner})
        status = rng.choice(STATUSES)
        start = date(2026, 4, 1) + timedelta(days=rng.randint(-300, 120))
        due = start + timedelta(days=rng.randint(180, 720))
        com += [
            f'  - id: "{THEMES.index(theme)}.{counters[theme]}"',
            f"    title: {_sentence(rng, rng.randint(6, 14))}",
            f"    theme: {theme}",
            f"    owner: {owner}",
            f"    partners: [{', '.join(partners)}]",
            f"    status: {status}",
            f"    start: {start.isoformat()}",
            f"    due: {due.isoformat()}",
            f"    outcome: {_sentence(rng, rng.randint(5, 12))}",
        ]
        if status in ("at-risk", "off-track", "withdrawn"):
            com.append(f"    reason: {_sentence(rng, 10)}")
        base = rng.randint(10, 90)
        com += [
            "    measures:",
            f"      - name: {_sentence(rng, 5)}",
            "        unit: people per quarter",
            f"        baseline: {{date: {(start - timedelta(days=1)).isoformat()}, value: {base}}}",
            f"        target: {{date: {due.isoformat()}, value: {base // 3}}}",
            "        readings:",
        ]
        day = start
        for _ in range(rng.randint(1, 3)):
            day = min(day + timedelta(days=rng.randint(30, 90)), LAST)
            com.append(f"          - {{date: {day.isoformat()}, value: {rng.randint(0, base)}}}")
        com.append("    updates:")
        day = max(start, LAST - timedelta(days=rng.randint(0, 300)))
        for _ in range(rng.randint(1, 3)):
            day = min(day + timedelta(days=rng.randint(10, 60)), LAST)
            com += [
                f"      - date: {day.isoformat()}",
                f"        by: {rng.choice([owner, *partners])}",
                f"        note: {_sentence(rng, rng.randint(6, 16))}.",
            ]
        if status == "complete":
            com.append(f"        evidence: https://example.org/area-{index:03d}/paper-{day:%Y%m%d}")
    return "\n".join(sig) + "\n", "\n".join(com) + "\n"


def generate(out: Path, areas: int = 152, commitments: int = 60, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folders = []
    for index in range(1, areas + 1):
        folder = out / f"area-{index:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        signatories, plan = _area_yaml(rng, index, commitments)
        (folder / "signatories.yaml").write_text(signatories, encoding="utf-8")
        (folder / "commitments.yaml").write_text(plan, encoding="utf-8")
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--areas", type=int, default=152)
    parser.add_argument("--commitments", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folders = generate(args.out, args.areas, args.commitments, args.seed)
    size = sum(f.stat().st_size for d in folders for f in d.iterdir())
    print(f"wrote {len(folders)} areas, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()

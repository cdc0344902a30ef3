#!/usr/bin/env python3
# check-guide.py: the user guide's pictures and the AppStream screenshots point at files that exist.
#
# Usage: check-guide.py SOURCE_ROOT METAINFO_TEMPLATE
# Checks that every picture docs/guide/*.md shows is in docs/guide/images/ and is a PNG, that every
# PNG there is shown somewhere (none left over from an older guide), and that every screenshot of
# the metainfo that points into this repository names one of them. Prints TAP.

import re
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO_RAW = "https://raw.githubusercontent.com/twinstudio/twin-studio/main/"

root = Path(sys.argv[1])
metainfo = Path(sys.argv[2])
guide = root / "docs" / "guide"
results = []


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


pages = sorted(guide.glob("*.md"))
shown = {}
for page in pages:
    for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
        shown.setdefault((page.parent / target).resolve(), []).append(page.name)

problems = []
for picture, where in sorted(shown.items()):
    if not picture.is_file():
        problems.append(f"{', '.join(where)} shows {picture.relative_to(root.resolve())}, which does not exist")
    elif png_size(picture) is None:
        problems.append(f"{picture.relative_to(root.resolve())} is not a PNG picture")
results.append((not problems and len(pages) > 0, f"the guide's {len(pages)} pages show {len(shown)} pictures that exist", problems))

images = sorted((guide / "images").glob("*.png"))
unused = [p.name for p in images if p.resolve() not in shown]
results.append((not unused, "every picture in docs/guide/images is shown in the guide",
                [f"{name} is shown by no page of docs/guide" for name in unused]))

problems = []
urls = [e.text.strip() for e in ET.parse(metainfo).getroot().iter("image") if e.text]
for url in urls:
    if not url.startswith(REPO_RAW):
        continue
    path = root / url[len(REPO_RAW):]
    size = png_size(path) if path.is_file() else None
    if size is None:
        problems.append(f"the screenshot {url} is not a PNG file in this repository")
    elif size[0] < 620 or size[1] < 400:
        problems.append(f"the screenshot {url} is {size[0]}×{size[1]}, smaller than AppStream's 620×400")
results.append((not problems and len(urls) > 0, f"the metainfo's {len(urls)} screenshots are in the repository", problems))

failed = 0
for number, (ok, what, details) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {number} - {what}")
    for line in details:
        print(f"#   {line}")
    failed += not ok
print(f"1..{len(results)}")
sys.exit(1 if failed else 0)

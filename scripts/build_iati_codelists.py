"""Copy the IATI 2.03 code lists the project uses into data/iati/codelists/ as small CSVs.

Run when the standard's code lists are updated:
`python scripts/build_iati_codelists.py ../shared/standards/iati-2.03/codelists`.
Each CSV keeps code, English name, status (active/withdrawn) and category, nothing else; the
source commits are in data/iati/SOURCES.md. Code lists are facts of the standard: shipped so that
the export checks run without the shared folder.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from lxml import etree

OUT = Path(__file__).resolve().parent.parent / "data" / "iati" / "codelists"
NAMES = """ActivityDateType ActivityScope ActivityStatus AidType AidTypeVocabulary BudgetStatus
BudgetType CollaborationType Country Currency DescriptionType DocumentCategory FinanceType
FlowType IATIOrganisationIdentifier Language OrganisationIdentifier OrganisationRegistrationAgency
OrganisationRole OrganisationType PolicyMarker PolicyMarkerVocabulary PolicySignificance Region
RegionVocabulary RelatedActivityType Sector SectorCategory SectorVocabulary TiedStatus
TransactionType Version""".split()


def _english(item: etree._Element) -> str:
    name = item.find("name")
    if name is None:
        return ""
    for narrative in name.findall("narrative"):
        if narrative.get("{http://www.w3.org/XML/1998/namespace}lang") in (None, "en"):
            return " ".join((narrative.text or "").split())
    return ""


def main(src: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for name in NAMES:
        root = etree.parse(str(src / f"{name}.xml"), parser).getroot()
        rows = [
            {
                "code": (item.findtext("code") or "").strip(),
                "name": _english(item),
                "status": item.get("status") or "active",
                "category": (item.findtext("category") or "").strip(),
            }
            for item in root.iter("codelist-item")
        ]
        with open(OUT / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["code", "name", "status", "category"])
            writer.writeheader()
            writer.writerows(rows)
        print(f"{name}: {len(rows)} codes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/standards/iati-2.03/codelists"))

"""The reference data behind fct_events: the Goldstein table covers our CAMEO codes, the gazetteer seeds and world
outlines are what scripts/build_gazetteer_seeds.py makes from the registry packages, and the outlines wind the way
Vega's map projection reads them."""

import csv
import json
import subprocess
import sys

from pipeline.paths import DBT_SEEDS_DIR, REPO_ROOT
from pipeline.report.dashboard import WORLD_FILE


def read(name: str) -> list[dict[str, str]]:
    with (DBT_SEEDS_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_cameo_code_we_assign_has_a_goldstein_weight() -> None:
    weights = {row["cameo_code"]: float(row["goldstein_scale"]) for row in read("cameo_goldstein.csv")}
    assert len(weights) == 311 and all(-10 <= weight <= 10 for weight in weights.values())
    assert {row["cameo_code"] for row in read("event_codes.csv")} <= weights.keys()
    assert (weights["057"], weights["042"], weights["163"], weights["0254"]) == (8.0, 1.9, -8.0, -0.3)


def test_every_country_has_a_centroid_and_a_capital() -> None:
    places = {row["country_code"]: row for row in read("gazetteer_countries.csv")}
    assert places.keys() == {row["country_code"] for row in read("countries.csv")}
    assert all(-90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
               for row in places.values())
    assert places["IND"]["capital"] == "New Delhi" and places["EU"]["centroid_source"] == "seat"


def test_ambiguous_city_names_have_one_row_per_country() -> None:
    cities = {(row["city"], row["country_code"]) for row in read("gazetteer_cities.csv")}
    assert {("Hyderabad", "IND"), ("Hyderabad", "PAK"), ("Geneva", "CHE"), ("Geneva", "USA")} <= cities


def test_the_committed_files_are_what_the_packages_give() -> None:
    result = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "build_gazetteer_seeds.py"), "--check"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def test_world_outlines_wind_clockwise_for_vega() -> None:
    """d3-geo (Vega's maps) takes an anticlockwise outer ring for the rest of the globe, painting it all grey."""
    world = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    polygons = [polygon for feature in world["features"] for polygon in (
        [feature["geometry"]["coordinates"]] if feature["geometry"]["type"] == "Polygon"
        else feature["geometry"]["coordinates"])]
    assert len({feature["id"] for feature in world["features"]}) > 150
    assert all(_signed_area(polygon[0]) < 0 for polygon in polygons)

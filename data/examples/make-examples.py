#!/usr/bin/env python3
# make-examples.py: builds the example twins' thermal and water diagrams from the base example.
#
# Run from the repository root after changing the library or this script:
#   python3 data/examples/make-examples.py BUILD/src/cli/twinctl
# It reads data/examples/office-building.base.json (the plain asset hierarchy of issue 2),
# adds what every component type needs (defaults read from docs/components.md), the rooms' air
# nodes, walls, thermostats and outside air as connected diagrams, writes a water supply system,
# and lets twinctl rewrite both in the canonical JSON form (data/examples/*.json).
import json, os, re, subprocess, sys, tempfile, uuid

NS = uuid.UUID("6f1d2c9e-4c1b-4b5e-9a57-2d3c1e0f7a11")
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def uid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts)))

def parse_components():
    """Type name -> list of (name, kind, unit, default) from docs/components.md."""
    text = open(os.path.join(TOP, "docs", "components.md"), encoding="utf-8").read()
    types = {}
    for block in re.split(r"\n### ", text)[1:]:
        m = re.match(r".*\(`([a-z0-9_.-]+)`\)", block)
        if not m:
            continue
        params = []
        in_params = False
        for line in block.splitlines():
            if line.startswith("| Parameter |"):
                in_params = True
                continue
            if in_params:
                if not line.startswith("|"):
                    break
                cells = [c.strip() for c in line.strip("|").split("|")]
                if cells[0].startswith("---"):
                    continue
                name, kind, unit, default = cells[0].strip("`"), cells[1], cells[2], cells[3]
                unit = None if unit == "—" else unit
                if kind == "string":
                    value = json.loads(default.strip("`"))
                elif kind == "boolean":
                    value = default == "true"
                elif kind == "integer":
                    value = int(default)
                else:
                    value = float(default)
                params.append((name, kind, unit, value))
        types[m.group(1)] = params
    return types

TYPES = parse_components()

def param(name, kind, value, unit=None, description=None, minimum=None, maximum=None):
    p = {"name": name, "type": kind, "value": value}
    if unit:
        p["unit"] = unit
    if minimum is not None:
        p["minimum"] = minimum
    if maximum is not None:
        p["maximum"] = maximum
    if description:
        p["description"] = description
    return p

def complete(entity):
    """Adds the parameters the entity's type has and the entity lacks; fixes kinds."""
    spec = TYPES.get(entity["type"], [])
    have = {p["name"]: p for p in entity.setdefault("parameters", [])}
    for name, kind, unit, value in spec:
        if name not in have:
            entity["parameters"].append(param(name, kind, value, unit))
        elif have[name]["type"] != kind and kind == "number" and have[name]["type"] == "integer":
            have[name]["type"] = "number"
            have[name]["value"] = float(have[name]["value"])
    for child in entity.get("children", []):
        complete(child)

def new(path, type_name, name, x, y, params=()):
    e = {"id": uid(path, name), "name": name, "type": type_name, "diagram": [x, y],
         "parameters": [dict(p) for p in params], "children": []}
    return e

def value_of(entity, name):
    for p in entity.get("parameters", []):
        if p["name"] == name:
            return p["value"]
    return None

def connect(parent, a, pa, b, pb):
    parent.setdefault("connections", []).append(
        {"id": uid(parent["id"], a["id"], pa, b["id"], pb),
         "from": {"entity": a["id"], "port": pa}, "to": {"entity": b["id"], "port": pb}})

def expose(parent, name, inner, port):
    parent.setdefault("ports", []).append({"name": name, "entity": inner["id"], "port": port})

def child(parent, name):
    for c in parent.get("children", []):
        if c["name"] == name:
            return c
    return None

def build_room(room, path):
    """The room's own diagram: its air, heaters with a thermostat, sensor, lights."""
    volume = value_of(room, "volume") or 60.0
    setpoint_c = value_of(room, "setpoint") or 21.0
    air = new(path, "thermal_capacitance", "Air", 640, 200, [
        param("heat_capacity", "number", round(1.2 * 1005 * volume * 5), "J/K",
              "Air and furnishings: five times the heat capacity of the room's air."),
        param("initial_temperature", "number", 20, "°C")])
    room["children"].append(air)
    expose(room, "air", air, "heat")

    heaters = [c for c in room["children"] if c["type"] == "heater"]
    sensor = next((c for c in room["children"] if c["type"] == "sensor"
                   and "temperature" in (value_of(c, "quantity") or "")), None)
    if heaters and sensor is None:
        sensor = new(path, "sensor", "Temperature Sensor", 40, 200, [
            param("quantity", "string", "air temperature")])
        room["children"].append(sensor)
    layout = {"heater": (440, 80), "lamp": (440, 360), "ventilation": (840, 200), "sensor": (40, 200)}
    offsets = {}
    for c in room["children"]:
        if c is air:
            continue
        x, y = layout.get(c["type"], (840, 360))
        n = offsets.get(c["type"], 0)
        offsets[c["type"]] = n + 1
        if c["type"] == "sensor" and c is not sensor:
            x, y = 840, 360
        c["diagram"] = [x, y + 120 * n]
        if c["type"] in ("heater", "lamp"):
            connect(room, c, "heat", air, "heat")
        elif c["type"] == "ventilation":
            connect(room, c, "b", air, "heat")
        elif c is sensor:
            connect(room, c, "measured", air, "heat")
    if heaters:
        setpoint = new(path, "constant", "Setpoint", 40, 40, [
            param("value", "number", round(setpoint_c + 273.15, 2), None,
                  "Air temperature setpoint in kelvin, as the sensor reports it.")])
        thermostat = new(path, "pid", "Thermostat", 240, 120, [
            param("kp", "number", 0.5), param("ti", "number", 900, "s"), param("td", "number", 0, "s"),
            param("output_min", "number", 0), param("output_max", "number", 1)])
        room["children"] += [setpoint, thermostat]
        connect(room, setpoint, "out", thermostat, "setpoint")
        connect(room, sensor, "out", thermostat, "measurement")
        for h in heaters:
            connect(room, thermostat, "out", h, "command")

def build_floor(floor, path, wall_u):
    """Rooms, their facades, the walls between neighbours and the exterior air film."""
    rooms = [c for c in floor["children"] if c["type"] == "room"]
    height = value_of(floor, "height") or 3.0
    film = new(path, "convection", "Exterior Film", 80 + 260 * len(rooms), 60, [
        param("heat_transfer_coefficient", "number", 25, "W/(m²·K)"),
        param("area", "number", round(sum((value_of(r, "width") or 5) * height for r in rooms), 2), "m²")])
    floor["children"].append(film)
    expose(floor, "outside", film, "b")
    for i, r in enumerate(rooms):
        r["diagram"] = [80 + 260 * i, 320]
        build_room(r, path + "/" + r["name"])
        area = (value_of(r, "width") or 5) * height
        facade = new(path, "thermal_conductance", "Facade " + r["name"], 80 + 260 * i, 60, [
            param("conductance", "number", round(wall_u * area, 3), "W/K",
                  "U-value of the outer wall times its area.")])
        floor["children"].append(facade)
        connect(floor, r, "air", facade, "a")
        connect(floor, facade, "b", film, "a")
        if i > 0:
            left = rooms[i - 1]
            wall = new(path, "thermal_conductance", "Wall %s | %s" % (left["name"], r["name"]),
                       80 + 260 * i - 130, 520, [
                param("conductance", "number", round(1.5 * (value_of(r, "depth") or 4) * height, 3), "W/K",
                      "Inner wall between the two rooms.")])
            floor["children"].append(wall)
            connect(floor, left, "air", wall, "a")
            connect(floor, wall, "b", r, "air")

def office(twinctl, out_dir):
    base = json.load(open(os.path.join(TOP, "data", "examples", "office-building.base.json"), encoding="utf-8"))
    root = base["root"]
    wall_u = value_of(root, "wall_u_value") or 0.3
    floors = [c for c in root["children"] if c["type"] == "floor"]
    outside = new(root["name"], "fixed_temperature", "Outside Air", 40, 200, [
        param("temperature", "number", 2, "°C", "Design outside temperature for heating.")])
    root["children"].append(outside)
    for i, f in enumerate(floors):
        f["diagram"] = [360, 60 + 200 * i]
        build_floor(f, root["name"] + "/" + f["name"], wall_u)
        connect(root, outside, "heat", f, "outside")
    for c in root["children"]:
        if c["type"] not in ("floor", "fixed_temperature"):
            c["diagram"] = [680, 60]
    complete(root)
    return base

def water():
    path = "Water Supply"
    root = new("", "system", "Water Supply", 0, 0)
    del root["diagram"]
    mains = new(path, "reservoir", "Mains", 40, 200, [param("head", "number", 3, "m")])
    station = new(path, "subsystem", "Pump Station", 260, 200)
    spath = path + "/Pump Station"
    pump = new(spath, "pump", "Pump", 240, 120, [param("nominal_flow", "number", 6, "m³/h"),
                                                  param("nominal_head", "number", 25, "m")])
    supply = new(spath, "pipe", "Supply Pipe", 480, 120, [param("length", "number", 40, "m"),
                                                           param("diameter", "number", 50, "mm")])
    schedule = new(spath, "step", "Pump Schedule", 40, 0, [param("initial_value", "number", 0.6),
                                                          param("final_value", "number", 1),
                                                          param("step_time", "number", 21600, "s")])
    station["children"] += [pump, supply, schedule]
    connect(station, pump, "out", supply, "a")
    connect(station, schedule, "out", pump, "speed")
    expose(station, "inlet", pump, "in")
    expose(station, "outlet", supply, "b")
    tank = new(path, "tank", "Roof Tank", 520, 200, [param("area", "number", 4, "m²"),
                                                     param("height", "number", 3, "m"),
                                                     param("initial_level", "number", 1.5, "m")])
    valve = new(path, "valve", "Outlet Valve", 760, 200, [param("kv", "number", 8, "m³/h")])
    outlet = new(path, "pipe", "Distribution Pipe", 1000, 200, [param("length", "number", 120, "m"),
                                                                param("diameter", "number", 40, "mm")])
    demand = new(path, "demand", "Consumers", 1240, 200, [param("flow", "number", 3, "m³/h")])
    profile = new(path, "sine", "Daily Demand", 1000, 40, [
        param("amplitude", "number", 0.0005, None, "Daily swing of the drawn flow, in m³/s."),
        param("frequency", "number", round(1 / 86400, 12), "Hz", "Once a day."),
        param("phase", "number", -90, "°"),
        param("offset", "number", 0.0008, None, "Mean drawn flow, in m³/s.")])
    opening = new(path, "constant", "Valve Setting", 520, 40, [param("value", "number", 0.8)])
    root["children"] += [mains, station, tank, valve, outlet, demand, profile, opening]
    connect(root, mains, "a", station, "inlet")
    connect(root, station, "outlet", tank, "a")
    connect(root, tank, "b", valve, "a")
    connect(root, valve, "b", outlet, "a")
    connect(root, outlet, "b", demand, "a")
    connect(root, opening, "out", valve, "opening")
    connect(root, profile, "out", demand, "flow")
    complete(root)
    return {"format": "twin-studio-model", "version": 1, "root": root}

def canonical(twinctl, model, target):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "model.json")
        dtwin = os.path.join(tmp, "model.dtwin")
        json.dump(model, open(src, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
        subprocess.run([twinctl, "new", dtwin, "--from-json", src], check=True)
        subprocess.run([twinctl, "export-json", dtwin, "-o", target], check=True)
        subprocess.run([twinctl, "validate", dtwin], check=True)

if __name__ == "__main__":
    twinctl = sys.argv[1]
    out = os.path.join(TOP, "data", "examples")
    canonical(twinctl, office(twinctl, out), os.path.join(out, "office-building.json"))
    canonical(twinctl, water(), os.path.join(out, "water-system.json"))

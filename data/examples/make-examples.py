#!/usr/bin/env python3
# make-examples.py: builds the example twins' diagrams: the office's thermal network, the water system, the wind turbine.
#
# Run from the repository root after changing the library or this script:
#   python3 data/examples/make-examples.py BUILD/src/cli/twinctl
# It reads data/examples/office-building.base.json (the plain asset hierarchy of issue 2),
# adds what every component type needs (defaults read from docs/components.md), the rooms' heaters
# with hysteresis thermostats, facades with their mass, inner walls and the outside air as connected
# diagrams, writes a water supply system and a wind turbine, and lets twinctl rewrite each in the
# canonical JSON form (data/examples/*.json). Their scenarios are data/examples/scenarios/*.json.
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
    """The room's own diagram: heaters switched by a hysteresis thermostat, sensors, lights, fans.

    The room itself is the zone's heat capacity (its `heat` port). Its parts cannot be wired to
    their parent's own port, so they are joined inside the room at the temperature sensor's port,
    which the room exposes as `air`; the floor's diagram joins `air` and `heat` at the facade.
    """
    setpoint_c = value_of(room, "setpoint") or 21.0
    heaters = [c for c in room["children"] if c["type"] == "heater"]
    fans = [c for c in room["children"] if c["type"] == "ventilation"]
    sensor = next((c for c in room["children"] if c["type"] == "sensor"
                   and "temperature" in (value_of(c, "quantity") or "")), None)
    if sensor is None:
        sensor = new(path, "sensor", "Temperature Sensor", 40, 200, [
            param("quantity", "string", "air temperature")])
        room["children"].append(sensor)
    # A simulated sensor reads a temperature with no lag (the room's own time constant is hours).
    set_value(sensor, "quantity", "temperature")
    set_value(sensor, "time_constant", 0.0)
    if "Server Room" in room["name"]:
        load = new(path, "heat_source", "IT Load", 440, 600, [
            param("heat_flow", "number", 2000, "W", "Heat given off by the servers, day and night.")])
        room["children"].append(load)
    layout = {"heater": (440, 80), "lamp": (440, 360), "ventilation": (840, 200), "sensor": (40, 200),
              "heat_source": (440, 600)}
    offsets = {}
    for c in room["children"]:
        x, y = layout.get(c["type"], (840, 360))
        n = offsets.get(c["type"], 0)
        offsets[c["type"]] = n + 1
        if c["type"] == "sensor" and c is not sensor:
            x, y = 840, 360
        c["diagram"] = [x, y + 120 * n]
        if c["type"] in ("heater", "lamp", "heat_source"):
            connect(room, c, "heat", sensor, "measured")
        elif c["type"] == "ventilation":
            # Heat recovery on the meeting and open-plan units; the server room's fan blows
            # outside air straight through.
            if "Server Room" not in room["name"]:
                set_value(c, "recovery_efficiency", 80.0)
            connect(room, c, "b", sensor, "measured")
    expose(room, "air", sensor, "measured")
    for i, fan in enumerate(fans):
        if i == 0:
            expose(room, "outside_air", fan, "a")
        else:
            connect(room, fans[0], "a", fan, "a")
    if heaters:
        thermostat = new(path, "hysteresis", "Thermostat", 240, 120, [
            param("lower", "number", round(setpoint_c - 0.5, 2), None,
                  "Air temperature in °C below which the heaters turn on."),
            param("upper", "number", round(setpoint_c + 0.5, 2), None,
                  "Air temperature in °C above which the heaters turn off."),
            param("output_low", "number", 1, None, "Heater command while the room is cool: full power."),
            param("output_high", "number", 0, None, "Heater command once the room is warm: off."),
            param("initially_high", "boolean", False)])
        room["children"].append(thermostat)
        connect(room, sensor, "out", thermostat, "in")
        for h in heaters:
            connect(room, thermostat, "out", h, "command")

def set_value(entity, name, value):
    for p in entity.setdefault("parameters", []):
        if p["name"] == name:
            p["value"] = value
            return
    spec = next((s for s in TYPES.get(entity["type"], []) if s[0] == name), None)
    entity["parameters"].append(param(name, spec[1] if spec else "number", value, spec[2] if spec else None))

def build_floor(floor, path, wall_u):
    """Rooms, their facades (a wall with its mass, windows and air leaks), the inner walls
    between neighbours, and the exterior air film."""
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
        volume = value_of(r, "volume") or 60.0
        # The outer wall as two halves of its resistance around its mass (2R1C): 25 cm of
        # masonry, 2000 kg/m³, 1000 J/(kg·K).
        inner = new(path, "thermal_conductance", "Facade " + r["name"], 80 + 260 * i, 200, [
            param("conductance", "number", round(2 * wall_u * area, 3), "W/K",
                  "Inner half of the outer wall: twice its U-value times its area.")])
        mass = new(path, "thermal_capacitance", "Facade Mass " + r["name"], 80 + 260 * i, 130, [
            param("heat_capacity", "number", round(area * 0.25 * 2000 * 1000), "J/K",
                  "The outer wall's masonry: 25 cm at 2000 kg/m³ and 1000 J/(kg·K)."),
            param("initial_temperature", "number", 10, "°C")])
        outer = new(path, "thermal_conductance", "Facade Outer " + r["name"], 80 + 260 * i, 60, [
            param("conductance", "number", round(2 * wall_u * area, 3), "W/K",
                  "Outer half of the outer wall.")])
        # Windows (U 1.3 W/(m²·K) on 30 % of the facade) and air leaks (0.5 air changes an
        # hour, 0.335 W·h/(m³·K)).
        leaks = new(path, "thermal_conductance", "Windows and Leaks " + r["name"], 140 + 260 * i, 130, [
            param("conductance", "number", round(1.3 * 0.3 * area + 0.5 * 0.335 * volume, 3), "W/K",
                  "Windows and infiltration: 1.3 W/(m²·K) on 30 % of the facade, 0.5 air changes an hour.")])
        floor["children"] += [inner, mass, outer, leaks]
        connect(floor, r, "heat", inner, "a")
        connect(floor, r, "air", inner, "a")
        connect(floor, inner, "b", mass, "heat")
        connect(floor, mass, "heat", outer, "a")
        connect(floor, outer, "b", film, "a")
        connect(floor, r, "heat", leaks, "a")
        connect(floor, leaks, "b", film, "b")
        if any(p["name"] == "outside_air" for p in r.get("ports", [])):
            connect(floor, r, "outside_air", film, "b")
        if i > 0:
            left = rooms[i - 1]
            wall = new(path, "thermal_conductance", "Wall %s | %s" % (left["name"], r["name"]),
                       80 + 260 * i - 130, 520, [
                param("conductance", "number", round(1.5 * (value_of(r, "depth") or 4) * height, 3), "W/K",
                      "Inner wall between the two rooms.")])
            floor["children"].append(wall)
            connect(floor, left, "heat", wall, "a")
            connect(floor, wall, "b", r, "heat")

def office(twinctl, out_dir):
    base = json.load(open(os.path.join(TOP, "data", "examples", "office-building.base.json"), encoding="utf-8"))
    root = base["root"]
    wall_u = value_of(root, "wall_u_value") or 0.3
    floors = [c for c in root["children"] if c["type"] == "floor"]
    outside = new(root["name"], "fixed_temperature", "Outside Air", 40, 200, [
        param("temperature", "number", 2, "°C",
              "Design outside temperature; the example's scenario replays the recorded one instead.")])
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
    """A pump lifts water from the mains into a roof tank; the building's taps draw from the tank
    through its outlet valve, opened through the day by the consumers. Heads are measured from
    the tank's bottom: the mains' surface lies 12 m below it, the taps 10 m below it, open to the
    air. (No pipe sits between the pump and a valve: see the note in the pump station.)"""
    path = "Water Supply"
    root = new("", "system", "Water Supply", 0, 0)
    del root["diagram"]
    mains = new(path, "reservoir", "Mains", 40, 200, [
        param("head", "number", -12, "m", "The mains' pressure (3 m) less the lift to the roof (15 m).")])
    station = new(path, "subsystem", "Pump Station", 260, 200)
    spath = path + "/Pump Station"
    pump = new(spath, "pump", "Pump", 240, 120, [param("nominal_flow", "number", 3, "m³/h"),
                                                  param("nominal_head", "number", 25, "m")])
    schedule = new(spath, "step", "Pump Schedule", 40, 0, [
        param("initial_value", "number", 80, None, "Pump speed in the first night, in %."),
        param("final_value", "number", 90, None, "Pump speed from 6:00 on, in %."),
        param("step_time", "number", 21600, "s")])
    # The pump feeds the tank directly: between it and a pipe or valve the pressure would be
    # solved from the pump's curve, which has no slope at the shut-off head a still pipe asks for.
    station["children"] += [pump, schedule]
    connect(station, schedule, "out", pump, "speed")
    expose(station, "inlet", pump, "in")
    expose(station, "outlet", pump, "out")
    tank = new(path, "tank", "Roof Tank", 520, 200, [param("area", "number", 4, "m²"),
                                                     param("height", "number", 3, "m"),
                                                     param("initial_level", "number", 1.5, "m")])
    valve = new(path, "valve", "Outlet Valve", 760, 200, [
        param("kv", "number", 6, "m³/h", "The tank's outlet and all the building's taps together, fully open.")])
    drain = new(path, "reservoir", "Taps", 1000, 200, [
        param("head", "number", -10, "m", "The taps discharge to the air 10 m below the tank.")])
    profile = new(path, "sine", "Daily Demand", 520, 40, [
        param("amplitude", "number", 35, None, "Daily swing of the taps' opening, in %."),
        param("frequency", "number", round(1 / 86400, 12), "Hz", "Once a day."),
        param("phase", "number", -90, "°", "Least use at midnight, most at noon."),
        param("offset", "number", 45, None, "Mean opening of the taps, in %.")])
    root["children"] += [mains, station, tank, valve, drain, profile]
    connect(root, mains, "a", station, "inlet")
    connect(root, station, "outlet", tank, "a")
    connect(root, tank, "b", valve, "a")
    connect(root, valve, "b", drain, "a")
    connect(root, profile, "out", valve, "opening")
    complete(root)
    return {"format": "twin-studio-model", "version": 1, "root": root}

def wind():
    """A small direct-drive wind turbine: the rotor (Cp(λ) curve) turns the drive train's
    inertia and a generator that feeds a resistive load. The wind speed is an input of the run
    (the scenario's profile); the rotor's own wind_speed is used when none is given."""
    path = "Wind Turbine"
    root = new("", "system", "Wind Turbine", 0, 0)
    del root["diagram"]
    rotor = new(path, "wind_rotor", "Rotor", 40, 200, [
        param("diameter", "number", 20, "m"),
        param("power_coefficient", "number", 0.45),
        param("tip_speed_ratio", "number", 7),
        param("wind_speed", "number", 9, "m/s"),
        param("cut_in_speed", "number", 3, "m/s"),
        param("cut_out_speed", "number", 25, "m/s")])
    shaft = new(path, "inertia", "Drive Train", 280, 200, [
        param("inertia", "number", 60000, "kg·m²", "Rotor, hub and generator rotor together."),
        param("initial_speed", "number", 30, "rpm")])
    generator = new(path, "generator", "Generator", 520, 200, [
        param("rated_power", "number", 100, "kW"),
        param("rated_speed", "number", 67, "rpm", "Direct drive: the rotor's speed at 10 m/s and λ = 7."),
        param("rated_voltage", "number", 400, "V"),
        param("efficiency", "number", 95, "%"),
        param("inductance", "number", 5, "mH")])
    load = new(path, "resistor", "Load", 760, 120, [
        param("resistance", "number", 1.75, "Ω", "The consumers, as one resistance; sized for the rated point.")])
    ground = new(path, "ground", "Ground", 760, 320)
    root["children"] += [rotor, shaft, generator, load, ground]
    connect(root, rotor, "a", shaft, "a")
    connect(root, shaft, "b", generator, "a")
    connect(root, generator, "p", load, "p")
    connect(root, load, "n", ground, "p")
    connect(root, generator, "n", ground, "p")
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
    canonical(twinctl, wind(), os.path.join(out, "wind-turbine.json"))

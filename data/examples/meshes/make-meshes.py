#!/usr/bin/env python3
# make-meshes.py: writes the example twins' CAD-like meshes and the list of which entity gets which.
#
# Run from anywhere after changing the examples' rooms or this script:
#   python3 data/examples/meshes/make-meshes.py
# It writes, in data/examples/meshes/:
# - pump.stl: a centrifugal pump in millimetres, Z up, as a CAD tool exports it (binary STL):
#   base plate, motor (a finned cylinder with an end cap), shaft coupling, a spiral volute casing
#   with an axial suction nozzle and a tangential discharge nozzle, each ending in a flange.
# - room-*.obj: one shell per room size of office-building.json, in metres, Z up, its origin on
#   the room's corner like the room entity's: a floor slab and four walls 0.1 m thick inside the
#   footprint, the front wall (y = 0) with a door opening 1.0 × 2.1 m. Rooms of equal size share
#   a file, and so a stored mesh.
# - office-building.meshes, water-system.meshes, wind-turbine.meshes: "mesh file<TAB>entity
#   path<TAB>options" lines that build-example.sh hands to `twinctl import-mesh --entity` (the wind
#   turbine has no mesh yet: its list is empty).
# The output is deterministic: running the script again gives the same bytes.
import json, math, os, struct

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)


def box(x0, y0, z0, x1, y1, z1):
    """Triangles of an axis-aligned box, counter-clockwise seen from outside."""
    p = [(x, y, z) for z in (z0, z1) for y in (y0, y1) for x in (x0, x1)]
    quads = [(0, 2, 3, 1), (4, 5, 7, 6), (0, 1, 5, 4), (2, 6, 7, 3), (0, 4, 6, 2), (1, 3, 7, 5)]
    out = []
    for a, b, c, d in quads:
        out += [(p[a], p[b], p[c]), (p[a], p[c], p[d])]
    return out


def revolve(profile, segments, axis_origin, axis, radius_scale=None):
    """A closed solid of revolution: @profile is a list of (t, r) along the axis, capped at both ends.
    @axis is 'x' or 'z'; @radius_scale(angle) may vary the radius around the axis (a volute)."""
    ox, oy, oz = axis_origin

    def point(t, r, angle):
        s = radius_scale(angle) if radius_scale else 1.0
        u, v = r * s * math.cos(angle), r * s * math.sin(angle)
        if axis == "x":
            return (ox + t, oy + u, oz + v)
        return (ox + u, oy + v, oz + t)

    tris = []
    angles = [2 * math.pi * i / segments for i in range(segments)]
    for (t0, r0), (t1, r1) in zip(profile, profile[1:]):
        for i in range(segments):
            a, b = angles[i], angles[(i + 1) % segments]
            p00, p01 = point(t0, r0, a), point(t0, r0, b)
            p10, p11 = point(t1, r1, a), point(t1, r1, b)
            if r0 > 0 and r1 > 0:
                tris += [(p00, p01, p11), (p00, p11, p10)]
            elif r0 > 0:
                tris.append((p00, p01, p10))
            elif r1 > 0:
                tris.append((p00, p11, p10))
    # Caps, as fans around the axis.
    for (t, r), outward in ((profile[0], -1), (profile[-1], 1)):
        if r <= 0:
            continue
        centre = point(t, 0.0, 0.0)
        for i in range(segments):
            a, b = angles[i], angles[(i + 1) % segments]
            pa, pb = point(t, r, a), point(t, r, b)
            tris.append((centre, pb, pa) if outward < 0 else (centre, pa, pb))
    return tris


def pump():
    """A centrifugal pump, millimetres, Z up, shaft along X."""
    tris = []
    tris += box(-420, -130, 0, 260, 130, 20)                         # base plate
    tris += box(-400, -90, 20, -120, 90, 60)                         # motor feet
    tris += box(80, -70, 20, 200, 70, 70)                             # casing pedestal
    # Motor: cylinder with cooling fins and a fan cover, axis at z = 170.
    motor = [(0, 0), (0, 95)]
    for k in range(8):
        x = 20 + k * 30
        motor += [(x, 95), (x, 105), (x + 15, 105), (x + 15, 95)]
    motor += [(280, 95), (280, 70), (300, 70), (300, 0)]
    tris += revolve(motor, 24, (-420, 0, 170), "x")
    # Coupling guard and shaft.
    tris += revolve([(0, 0), (0, 40), (60, 40), (60, 25), (80, 25), (80, 0)], 24, (-120, 0, 170), "x")
    # Volute: a spiral casing whose radius grows a third around the shaft.
    tris += revolve([(0, 0), (0, 110), (90, 110), (90, 0)], 48, (90, 0, 170), "x",
                    radius_scale=lambda a: 1.0 + 0.3 * (a % (2 * math.pi)) / (2 * math.pi))
    # Suction nozzle along +X with a flange.
    tris += revolve([(0, 0), (0, 45), (70, 45), (70, 75), (90, 75), (90, 0)], 24, (180, 0, 170), "x")
    # Discharge nozzle, tangential, upwards (Z), with a flange.
    tris += revolve([(0, 0), (0, 35), (110, 35), (110, 65), (128, 65), (128, 0)], 24, (135, -110, 230), "z")
    return tris


def write_stl(path, tris):
    with open(path, "wb") as f:
        f.write(b"Twin Studio example pump, mm, Z up (make-meshes.py)".ljust(80, b" "))
        f.write(struct.pack("<I", len(tris)))
        for a, b, c in tris:
            u = [b[k] - a[k] for k in range(3)]
            v = [c[k] - a[k] for k in range(3)]
            n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
            length = math.sqrt(sum(x * x for x in n)) or 1.0
            f.write(struct.pack("<12fH", *[x / length for x in n], *a, *b, *c, 0))


def fmt(x):
    text = ("%.4f" % x).rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def room_shell(width, depth, height):
    """Floor slab and walls of a room, metres, Z up, origin on its corner."""
    t = 0.1
    door_x0, door_x1, door_h = min(1.0, width / 3), min(1.0, width / 3) + 1.0, min(2.1, height - 0.3)
    parts = {
        "Floor": [box(0, 0, -0.2, width, depth, 0)],
        "Walls": [
            box(0, depth - t, 0, width, depth, height),              # back
            box(0, t, 0, t, depth - t, height),                      # left
            box(width - t, t, 0, width, depth - t, height),          # right
            box(0, 0, 0, door_x0, t, height),                        # front, left of the door
            box(door_x1, 0, 0, width, t, height),                    # front, right of the door
            box(door_x0, 0, door_h, door_x1, t, height),             # lintel
        ],
    }
    lines, count = [], 0
    for name, boxes in parts.items():
        lines.append("o " + name)
        for b in boxes:
            for tri in b:
                for p in tri:
                    lines.append("v %s %s %s" % tuple(fmt(c) for c in p))
                lines.append("f %d %d %d" % (count + 1, count + 2, count + 3))
                count += 3
    return "\n".join(lines) + "\n"


def rooms():
    """(path, width, depth, height) of every room of the office example."""
    model = json.load(open(os.path.join(EXAMPLES, "office-building.json"), encoding="utf-8"))
    found = []

    def walk(entity, path):
        path = path + "/" + entity["name"] if path else entity["name"]
        if entity["type"] == "room":
            values = {p["name"]: p["value"] for p in entity.get("parameters", [])}
            found.append((path, values["width"], values["depth"], values["height"]))
        for child in entity.get("children", []):
            walk(child, path)

    walk(model["root"], "")
    return found


def main():
    write_stl(os.path.join(HERE, "pump.stl"), pump())
    with open(os.path.join(HERE, "water-system.meshes"), "w") as f:
        f.write("pump.stl\tWater Supply/Pump Station/Pump\t\n")
    entries = []
    for path, width, depth, height in rooms():
        name = "room-%sx%sx%s.obj" % (fmt(width), fmt(depth), fmt(height))
        with open(os.path.join(HERE, name), "w") as f:
            f.write("# %s: a room shell %s × %s × %s m, Z up (make-meshes.py)\n" % (name, fmt(width), fmt(depth), fmt(height)))
            f.write(room_shell(width, depth, height))
        entries.append("%s\t%s\t--up=z\n" % (name, path))
    with open(os.path.join(HERE, "office-building.meshes"), "w") as f:
        f.writelines(entries)
    open(os.path.join(HERE, "wind-turbine.meshes"), "w").close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# make-fixtures.py: writes the mesh import fixtures in tests/data/meshes/, one small file per format.
#
# Run from anywhere (needs python3 and the `assimp` tool from assimp-utils):
#   python3 tests/data/meshes/make-fixtures.py
# Two models are written by hand and converted with `assimp export` to the other formats:
#
# - assembly.obj: a CAD-like assembly in millimetres with Z up, two objects:
#   "Box" 40 × 30 × 20 mm at the origin (quads, so triangulation is exercised) and
#   "Cylinder" r = 10 mm, h = 50 mm, 24 segments, axis Z, centred on x = 70, y = 15
#   (24-gon caps). 104 triangles; 120 vertices once welded with sharp edges split.
#   Converted to STL (ASCII and binary), PLY, 3DS, 3MF and COLLADA; assembly-mm-zup.dae is that
#   COLLADA file saying, as CAD tools do, that its unit is the millimetre and Z is up.
# - cart.gltf + cart.bin: a node hierarchy in metres with Y up (glTF's convention): "Cart" holds
#   "Chassis" (a box mesh, translated) and two axles, each with two wheels that share one
#   cylinder mesh (rotated so their axis is the cart's Z). An empty "Marker" node beside "Cart"
#   has no mesh. Converted to GLB, FBX (ASCII: assimp 5.2 cannot read its own binary FBX back)
#   and COLLADA.
#
# Also written by hand: wall.ifc (an IFC4 wall of 1000 × 200 × 2500 mm: a proxy element with an
# extruded rectangle, using only entities IFC2X3 has too, since assimp 5.2 reads IFC with its IFC2X3
# schema), the refusal cases (points-only.obj, nan.obj) and the corrupt files (truncated.stl, empty.stl, garbage.obj,
# bad-header.glb). Every output is a few KB and deterministic: re-running the script gives the
# same bytes (the export times assimp writes are replaced with a fixed one).
import json, math, os, re, struct, subprocess, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEGMENTS = 24


def path(name):
    return os.path.join(HERE, name)


def fmt(x):
    text = ("%.6f" % x).rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_assembly_obj():
    lines = ["# assembly.obj: a box and a cylinder in millimetres, Z up (make-fixtures.py).", "o Box"]
    v = []
    for z in (0, 20):
        for (x, y) in ((0, 0), (40, 0), (40, 30), (0, 30)):
            v.append((x, y, z))
    for p in v:
        lines.append("v %s %s %s" % tuple(fmt(c) for c in p))
    # Quads, counter-clockwise seen from outside.
    faces = [(1, 4, 3, 2), (5, 6, 7, 8), (1, 2, 6, 5), (2, 3, 7, 6), (3, 4, 8, 7), (4, 1, 5, 8)]
    for f in faces:
        lines.append("f " + " ".join(str(i) for i in f))
    lines.append("o Cylinder")
    base = len(v)
    cx, cy, r, h = 70.0, 15.0, 10.0, 50.0
    for z in (0.0, h):
        for i in range(SEGMENTS):
            a = 2 * math.pi * i / SEGMENTS
            lines.append("v %s %s %s" % (fmt(cx + r * math.cos(a)), fmt(cy + r * math.sin(a)), fmt(z)))
    bottom = [base + 1 + i for i in range(SEGMENTS)]
    top = [base + 1 + SEGMENTS + i for i in range(SEGMENTS)]
    for i in range(SEGMENTS):
        j = (i + 1) % SEGMENTS
        lines.append("f %d %d %d %d" % (bottom[i], bottom[j], top[j], top[i]))
    lines.append("f " + " ".join(str(i) for i in reversed(bottom)))
    lines.append("f " + " ".join(str(i) for i in top))
    open(path("assembly.obj"), "w").write("\n".join(lines) + "\n")


def box_mesh(sx, sy, sz):
    """A box centred on the origin with flat normals: 24 vertices, 12 triangles."""
    pos, nrm, idx = [], [], []
    for axis in range(3):
        for sign in (-1, 1):
            n = [0.0, 0.0, 0.0]
            n[axis] = float(sign)
            u, w = (axis + 1) % 3, (axis + 2) % 3
            corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
            if sign < 0:
                corners = corners[::-1]
            start = len(pos)
            for (a, b) in corners:
                p = [0.0, 0.0, 0.0]
                p[axis] = sign * 0.5
                p[u] = a * 0.5
                p[w] = b * 0.5
                pos.append((p[0] * sx, p[1] * sy, p[2] * sz))
                nrm.append(tuple(n))
            idx += [start, start + 1, start + 2, start, start + 2, start + 3]
    return pos, nrm, idx


def cylinder_mesh(r, h, segments):
    """A cylinder along Y centred on the origin, without normals: side and cap vertices."""
    pos, idx = [], []
    for y in (-h / 2, h / 2):
        for i in range(segments):
            a = 2 * math.pi * i / segments
            pos.append((r * math.cos(a), y, -r * math.sin(a)))
    for i in range(segments):
        j = (i + 1) % segments
        a, b, c, d = i, j, segments + j, segments + i
        idx += [a, b, c, a, c, d]
    for i in range(1, segments - 1):
        idx += [0, i + 1, i]                       # bottom, facing -Y
        idx += [segments, segments + i, segments + i + 1]  # top, facing +Y
    return pos, idx


def write_cart_gltf():
    chassis_pos, chassis_nrm, chassis_idx = box_mesh(0.6, 0.1, 0.3)
    wheel_pos, wheel_idx = cylinder_mesh(0.08, 0.04, 16)
    blob = bytearray()
    views, accessors = [], []

    def add(data, target, count, ctype, atype, minmax=None):
        while len(blob) % 4:
            blob.append(0)
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(data), "target": target})
        blob.extend(data)
        acc = {"bufferView": len(views) - 1, "componentType": ctype, "count": count, "type": atype}
        if minmax:
            acc["min"], acc["max"] = minmax
        accessors.append(acc)
        return len(accessors) - 1

    def vec3s(values):
        flat = [c for p in values for c in p]
        mins = [min(p[k] for p in values) for k in range(3)]
        maxs = [max(p[k] for p in values) for k in range(3)]
        return struct.pack("<%df" % len(flat), *flat), (mins, maxs)

    data, mm = vec3s(chassis_pos)
    a_cp = add(data, 34962, len(chassis_pos), 5126, "VEC3", mm)
    data, _ = vec3s(chassis_nrm)
    a_cn = add(data, 34962, len(chassis_nrm), 5126, "VEC3")
    a_ci = add(struct.pack("<%dH" % len(chassis_idx), *chassis_idx), 34963, len(chassis_idx), 5123, "SCALAR")
    data, mm = vec3s(wheel_pos)
    a_wp = add(data, 34962, len(wheel_pos), 5126, "VEC3", mm)
    a_wi = add(struct.pack("<%dH" % len(wheel_idx), *wheel_idx), 34963, len(wheel_idx), 5123, "SCALAR")

    # A quarter turn about X: the wheel's axis (its Y) becomes the cart's Z.
    q = [math.sin(math.pi / 4), 0.0, 0.0, math.cos(math.pi / 4)]
    nodes = [
        {"name": "Cart", "children": [1, 2, 5], "translation": [0.0, 0.12, 0.0]},
        {"name": "Chassis", "mesh": 0, "translation": [0.0, 0.05, 0.0]},
        {"name": "Front axle", "children": [3, 4], "translation": [0.2, 0.0, 0.0]},
        {"name": "Wheel FL", "mesh": 1, "translation": [0.0, 0.0, 0.17], "rotation": q},
        {"name": "Wheel FR", "mesh": 1, "translation": [0.0, 0.0, -0.17], "rotation": q},
        {"name": "Rear axle", "children": [6, 7], "translation": [-0.2, 0.0, 0.0]},
        {"name": "Wheel RL", "mesh": 1, "translation": [0.0, 0.0, 0.17], "rotation": q},
        {"name": "Wheel RR", "mesh": 1, "translation": [0.0, 0.0, -0.17], "rotation": q},
        {"name": "Marker", "translation": [0.0, 0.5, 0.0]},
    ]
    gltf = {
        "asset": {"version": "2.0", "generator": "Twin Studio make-fixtures.py"},
        "scene": 0,
        "scenes": [{"nodes": [0, 8]}],
        "nodes": nodes,
        "meshes": [
            {"name": "Chassis", "primitives": [{"attributes": {"POSITION": a_cp, "NORMAL": a_cn}, "indices": a_ci}]},
            {"name": "Wheel", "primitives": [{"attributes": {"POSITION": a_wp}, "indices": a_wi}]},
        ],
        "accessors": accessors,
        "bufferViews": views,
        "buffers": [{"uri": "cart.bin", "byteLength": len(blob)}],
    }
    open(path("cart.bin"), "wb").write(bytes(blob))
    open(path("cart.gltf"), "w").write(json.dumps(gltf, indent=1) + "\n")


def assimp_export(source, dest, fmt_id):
    # -tri: some exporters (3MF) write only the first triangle of a polygon.
    subprocess.run(["assimp", "export", path(source), path(dest), "-f" + fmt_id, "-tri"],
                   check=True, stdout=subprocess.DEVNULL)
    make_deterministic(dest)


def make_deterministic(name):
    """Replaces the export time assimp writes into COLLADA, FBX and 3MF (zip) files with a fixed one."""
    if name.endswith(".dae"):
        text = open(path(name)).read()
        text = re.sub(r"<(created|modified)>[^<]*</", r"<\1>2026-01-01T00:00:00</", text)
        open(path(name), "w").write(text)
    elif name.endswith(".fbx"):
        text = open(path(name)).read()
        stamp = "CreationTimeStamp:  {\n\t\tVersion: 1000\n\t\tYear: 2026\n\t\tMonth: 1\n\t\tDay: 1\n" \
                "\t\tHour: 0\n\t\tMinute: 0\n\t\tSecond: 0\n\t\tMillisecond: 0\n\t}"
        text = re.sub(r"CreationTimeStamp:  \{[^}]*\}", lambda m: stamp, text, count=1)
        open(path(name), "w").write(text)
    elif name.endswith(".3mf"):
        with zipfile.ZipFile(path(name)) as archive:
            entries = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
        with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED) as archive:
            for filename, data in entries:
                archive.writestr(zipfile.ZipInfo(filename, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


IFC_WALL = """ISO-10303-21;
HEADER;
FILE_DESCRIPTION(('ViewDefinition [CoordinationView]'),'2;1');
FILE_NAME('wall.ifc','2026-01-01T00:00:00',('Twin Studio'),('Twin Studio'),'make-fixtures.py','make-fixtures.py','');
FILE_SCHEMA(('IFC4'));
ENDSEC;
DATA;
#1=IFCPERSON($,'Fixture',$,$,$,$,$,$);
#2=IFCORGANIZATION($,'Twin Studio',$,$,$);
#3=IFCPERSONANDORGANIZATION(#1,#2,$);
#4=IFCAPPLICATION(#2,'1.0','make-fixtures.py','make-fixtures');
#5=IFCOWNERHISTORY(#3,#4,$,.ADDED.,$,$,$,0);
#10=IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.);
#11=IFCSIUNIT(*,.PLANEANGLEUNIT.,$,.RADIAN.);
#12=IFCUNITASSIGNMENT((#10,#11));
#20=IFCCARTESIANPOINT((0.,0.,0.));
#21=IFCDIRECTION((0.,0.,1.));
#22=IFCDIRECTION((1.,0.,0.));
#23=IFCAXIS2PLACEMENT3D(#20,#21,#22);
#24=IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-05,#23,$);
#30=IFCPROJECT('0YvctVUKr0kugbFTf53O9L',#5,'Fixture project',$,$,$,$,(#24),#12);
#31=IFCLOCALPLACEMENT($,#23);
#32=IFCSITE('2fl0kTcQ95rvbCLIE9CsLS',#5,'Site',$,$,#31,$,$,.ELEMENT.,$,$,$,$,$);
#33=IFCLOCALPLACEMENT(#31,#23);
#34=IFCBUILDING('0FJ6Qt8Wr1Px3vWkP5tLXG',#5,'Building',$,$,#33,$,$,.ELEMENT.,$,$,$);
#35=IFCLOCALPLACEMENT(#33,#23);
#36=IFCBUILDINGSTOREY('3Q1LkT0kX4dPqFnXR0gmqH',#5,'Ground floor',$,$,#35,$,$,.ELEMENT.,0.);
#40=IFCRELAGGREGATES('1mZ9H7lGn7yBrd3U$4ZYcS',#5,$,$,#30,(#32));
#41=IFCRELAGGREGATES('2wXGz6S$X4Ve3tDW8BZ1Uv',#5,$,$,#32,(#34));
#42=IFCRELAGGREGATES('0Wj9AKsq5EXx$ABWpEnZ6o',#5,$,$,#34,(#36));
#50=IFCCARTESIANPOINT((500.,100.));
#51=IFCDIRECTION((1.,0.));
#52=IFCAXIS2PLACEMENT2D(#50,#51);
#53=IFCRECTANGLEPROFILEDEF(.AREA.,'Wall profile',#52,1000.,200.);
#54=IFCEXTRUDEDAREASOLID(#53,#23,#21,2500.);
#55=IFCSHAPEREPRESENTATION(#24,'Body','SweptSolid',(#54));
#56=IFCPRODUCTDEFINITIONSHAPE($,$,(#55));
#57=IFCLOCALPLACEMENT(#35,#23);
#58=IFCBUILDINGELEMENTPROXY('1kTvXnbbzCWw8lcMd1dR4o',#5,'Wall',$,$,#57,#56,$,$);
#60=IFCRELCONTAINEDINSPATIALSTRUCTURE('2OMP$5VJr0_QnN2mZKXpFk',#5,$,$,(#58),#36);
ENDSEC;
END-ISO-10303-21;
"""


def write_hand_made():
    open(path("wall.ifc"), "w").write(IFC_WALL)
    # Only points and lines: nothing to draw.
    open(path("points-only.obj"), "w").write(
        "# points-only.obj: vertices, points and a line, no face (make-fixtures.py).\n"
        "v 0 0 0\nv 1 0 0\nv 0 1 0\np 1 2 3\nl 1 2\n")
    # A face with a position that is not a number.
    open(path("nan.obj"), "w").write(
        "# nan.obj: a triangle with a vertex that is not a number (make-fixtures.py).\n"
        "v 0 0 0\nv 1 0 0\nv nan 1 0\nf 1 2 3\n")
    # A binary STL whose header promises 100 triangles and holds 2.
    header = b"truncated binary STL (make-fixtures.py)".ljust(80, b" ")
    tri = struct.pack("<12fH", 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0)
    open(path("truncated.stl"), "wb").write(header + struct.pack("<I", 100) + tri * 2)
    open(path("empty.stl"), "wb").write(b"")
    # Bytes that are neither text nor a mesh, under an .obj name.
    garbage = bytes((i * 7919 + 13) % 256 for i in range(2048))
    open(path("garbage.obj"), "wb").write(garbage)
    # A GLB whose header has the wrong magic and a length longer than the file.
    open(path("bad-header.glb"), "wb").write(b"glTX" + struct.pack("<II", 2, 4096) + b"\0" * 40)


def main():
    write_assembly_obj()
    write_cart_gltf()
    for dest, fmt_id in (("assembly.stl", "stl"), ("assembly-binary.stl", "stlb"), ("assembly.ply", "plyb"),
                         ("assembly.3ds", "3ds"), ("assembly.3mf", "3mf"), ("assembly.dae", "collada")):
        assimp_export("assembly.obj", dest, fmt_id)
    for dest, fmt_id in (("cart.glb", "glb2"), ("cart.fbx", "fbxa"), ("cart.dae", "collada")):
        assimp_export("cart.gltf", dest, fmt_id)
    # The same COLLADA file saying its numbers are millimetres and Z is up, as CAD tools write it.
    text = open(path("assembly.dae")).read()
    assert 'meter="1"' in text and "<up_axis>Y_UP</up_axis>" in text
    text = text.replace('meter="1"', 'meter="0.001"', 1).replace("<up_axis>Y_UP</up_axis>", "<up_axis>Z_UP</up_axis>", 1)
    open(path("assembly-mm-zup.dae"), "w").write(text)
    write_hand_made()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# make-history.py: writes a year of 15-minute history for the example office, as CSV, and the list
# of which signal each entity property shows.
#
#   make-history.py OUT.csv OUT.bindings
#
# The year 2025 (UTC), 35,040 rows: the outside air temperature and every room's air temperature
# (and CO2 where a room has a CO2 sensor). The weather is synthetic but shaped like a central
# European year (an annual swing from about -1 °C in January to 19 °C in July, a daily swing, and
# weather fronts as a slow random walk); the rooms follow a simple thermal response: heated to their
# setpoint on working days from 7:00 to 18:00 and set back to 17 °C otherwise, with gains from
# people, lights and (in the server room) equipment, and drifting with the outside air in summer.
# Seeded, so every build writes the same bytes. The real weather series in ../shared/data do not
# cover a year and are not part of a user's clone, so the example does not use them.
import math
import random
import sys

START = 1735689600  # 2025-01-01T00:00:00Z
STEP = 15 * 60
ROWS = 365 * 24 * 4

# signal name, entity path, property, unit, kind, parameters
ROOMS = [
    ("office/ground-floor/lobby", "Office Building/Ground Floor/Lobby", 20.0, 0.6, False),
    ("office/ground-floor/meeting-room-0.1", "Office Building/Ground Floor/Meeting Room 0.1", 21.0, 1.2, True),
    ("office/ground-floor/kitchen", "Office Building/Ground Floor/Kitchen", 20.0, 0.8, False),
    ("office/first-floor/office-1.01", "Office Building/First Floor/Office 1.01", 21.0, 0.9, False),
    ("office/first-floor/office-1.02", "Office Building/First Floor/Office 1.02", 21.0, 0.9, False),
    ("office/first-floor/open-space-1.03", "Office Building/First Floor/Open Space 1.03", 21.0, 1.4, True),
    ("office/second-floor/server-room-2.01", "Office Building/Second Floor/Server Room 2.01", 19.0, 3.5, False),
    ("office/second-floor/office-2.02", "Office Building/Second Floor/Office 2.02", 21.0, 0.9, False),
]


def main():
    out_csv, out_bindings = sys.argv[1], sys.argv[2]
    rng = random.Random(2025)
    front = 0.0
    temps = [r[2] for r in ROOMS]
    co2 = [420.0 for _ in ROOMS]
    columns = ["time", "weather/outside-temperature [°C]"]
    for name, _path, _sp, _gain, has_co2 in ROOMS:
        columns.append("%s/temperature [°C]" % name)
        if has_co2:
            columns.append("%s/co2 [ppm]" % name)

    with open(out_csv, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(columns) + "\n")
        for i in range(ROWS):
            t = START + i * STEP
            day = i / 96.0
            hour = (i % 96) / 4.0
            weekday = (int(day) + 2) % 7  # 2025-01-01 was a Wednesday
            working = weekday < 5 and 7.0 <= hour < 18.0
            # Weather: seasons, day and night, and fronts (an AR(1) walk with a 3-day memory).
            front = front * math.exp(-STEP / (3 * 86400.0)) + rng.gauss(0.0, 0.12)
            outside = (9.0 - 10.0 * math.cos(2 * math.pi * (day - 18.0) / 365.0)
                       - 4.0 * math.cos(2 * math.pi * (hour - 3.0) / 24.0) + 4.0 * front)
            row = [time_text(t), "%.2f" % outside]
            for k, (name, _path, setpoint, gain, has_co2) in enumerate(ROOMS):
                heating = outside < 15.0
                target = (setpoint if working else 17.0) if heating else 21.0 + 0.45 * (outside - 18.0)
                target += gain * (1.0 if working else 0.2)
                tau = 1.5 if heating else 6.0  # hours
                temps[k] += (target - temps[k]) * (1.0 - math.exp(-0.25 / tau)) + rng.gauss(0.0, 0.05)
                row.append("%.2f" % temps[k])
                if has_co2:
                    people = working and rng.random() < 0.8
                    source = 900.0 if people else 0.0
                    co2[k] += (420.0 + source - co2[k]) * (1.0 - math.exp(-0.25 / 0.75)) + rng.gauss(0.0, 8.0)
                    row.append("%.0f" % max(380.0, co2[k]))
            f.write(",".join(row) + "\n")

    with open(out_bindings, "w", encoding="utf-8", newline="\n") as f:
        f.write("weather/outside-temperature\tOffice Building\toutside_temperature\n")
        for name, path, _sp, _gain, has_co2 in ROOMS:
            f.write("%s/temperature\t%s/Temperature Sensor\tvalue\n" % (name, path))
            if has_co2:
                f.write("%s/co2\t%s/CO₂ Sensor\tvalue\n" % (name, path))
        # Command bindings: the heating thermostats' switching band (°C), which the emulated
        # building obeys. The server room is not heated.
        for name, path, _sp, _gain, _co2 in ROOMS:
            if "server-room" in name:
                continue
            for limit in ("lower", "upper"):
                f.write("command\t%s/Thermostat\t%s\t%s/thermostat/%s\n" % (path, limit, name, limit))


def time_text(t):
    days, rest = divmod(t, 86400)
    hour, rest = divmod(rest, 3600)
    minute = rest // 60
    year, month, day = civil_from_days(days)
    return "%04d-%02d-%02dT%02d:%02d:00Z" % (year, month, day, hour, minute)


def civil_from_days(z):
    # Howard Hinnant's algorithm: days since 1970-01-01 to a proleptic Gregorian date.
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (1 if m <= 2 else 0), m, d)


if __name__ == "__main__":
    main()

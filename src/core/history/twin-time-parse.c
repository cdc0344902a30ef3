/* twin-time-parse.c: reads timestamps (ISO 8601, epoch numbers, a user pattern) as UTC microseconds and writes them back.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every time in the core is a gint64 of UTC microseconds since the Unix
 * epoch; this file is the one place where text becomes such a number. It
 * takes no locale into account: digits are ASCII and a fraction may use a
 * dot or a comma. Dates are proleptic Gregorian, years 0001 to 9999.
 *
 * A time without an offset ("naive") is read in the parser's GTimeZone.
 * The conversion follows GLib's rules, the same as g_date_time_new(): a
 * local time that falls in a daylight-saving gap (02:30 on a spring-forward
 * night in Europe/Berlin) becomes the first time after the gap (03:00
 * CEST); a local time that happens twice (02:30 on a fall-back night) is
 * read as the later, standard-time one (02:30 CET). Only times with an explicit offset, or in UTC,
 * are unambiguous; the CSV export always writes UTC with "Z".
 *
 * Parsing is allocation-free after twin_time_parser_new(), so a CSV import
 * of millions of rows spends its time in the store, not here.
 */

#define G_LOG_DOMAIN "twin-history"

#include "config.h"

#include "twin-time-parse.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#define US_PER_S G_GINT64_CONSTANT (1000000)
#define S_PER_DAY G_GINT64_CONSTANT (86400)
#define MIN_YEAR 1
#define MAX_YEAR 9999
#define MAX_DIGITS 18 /* of an integer part, so that it fits a gint64 */

struct _TwinTimeParser
{
  /* Owned references */
  GTimeZone   *zone;
  char        *pattern; /* with TWIN_TIME_KIND_PATTERN */

  /* State */
  TwinTimeKind kind; /* AUTO until the first time has been read */
};

/* The fields of a time as written, before the zone is applied. */
typedef struct
{
  int      year;
  int      month;
  int      day;
  int      hour;
  int      minute;
  int      second;
  int      microsecond;
  gboolean has_offset;
  int      offset_s; /* east of UTC */
} Fields;

G_DEFINE_QUARK (twin_time_error_quark, twin_time_error)

/* Days from 1970-01-01 to the given date of the proleptic Gregorian
 * calendar (Howard Hinnant's days_from_civil). */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 days,
                 int   *year,
                 int   *month,
                 int   *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int    d = (int) (doy - (153 * mp + 2) / 5 + 1);
  int    m = (int) (mp < 10 ? mp + 3 : mp - 9);

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = m;
  *day = d;
}

static gint64
min_time_us (void)
{
  return days_from_civil (MIN_YEAR, 1, 1) * S_PER_DAY * US_PER_S;
}

static gint64
max_time_us (void)
{
  return days_from_civil (MAX_YEAR + 1, 1, 1) * S_PER_DAY * US_PER_S - 1;
}

/* Reads between @min and @max ASCII digits at *@p. */
static gboolean
read_digits (const char **p,
             int          min,
             int          max,
             int         *value)
{
  int n = 0;
  int v = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      v = v * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min)
    return FALSE;
  *p += n;
  *value = v;
  return TRUE;
}

/* A fraction of a second after its separator: one or more digits, kept to
 * the microsecond (further digits are dropped). */
static gboolean
read_fraction (const char **p,
               int         *microsecond)
{
  const char *s = *p;
  int         us = 0;
  int         n = 0;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  for (; g_ascii_isdigit (*s); s++, n++)
    {
      if (n < 6)
        us = us * 10 + (*s - '0');
    }
  for (; n < 6; n++)
    us *= 10;
  *microsecond = us;
  *p = s;
  return TRUE;
}

/* "Z", or an offset "+hh", "+hhmm" or "+hh:mm". */
static gboolean
read_offset (const char **p,
             int         *offset_s)
{
  const char *s = *p;
  int         sign;
  int         hours;
  int         minutes = 0;

  if (*s == 'Z' || *s == 'z')
    {
      *offset_s = 0;
      *p = s + 1;
      return TRUE;
    }
  if (*s != '+' && *s != '-')
    return FALSE;
  sign = *s == '-' ? -1 : 1;
  s++;
  if (!read_digits (&s, 2, 2, &hours) || hours > 23)
    return FALSE;
  if (*s == ':')
    {
      s++;
      if (!read_digits (&s, 2, 2, &minutes))
        return FALSE;
    }
  else if (g_ascii_isdigit (*s) && !read_digits (&s, 2, 2, &minutes))
    return FALSE;
  if (minutes > 59)
    return FALSE;
  *offset_s = sign * (hours * 3600 + minutes * 60);
  *p = s;
  return TRUE;
}

static const char *
skip_spaces (const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

/* An ISO 8601 date and time in the extended form: "2024-05-01",
 * "2024-05-01T12:00", "2024-05-01 12:00:00.25", with "Z" or an offset. */
static gboolean
read_iso8601 (const char *s,
              Fields     *f)
{
  if (!read_digits (&s, 4, 4, &f->year) || *s++ != '-' ||
      !read_digits (&s, 2, 2, &f->month) || *s++ != '-' ||
      !read_digits (&s, 2, 2, &f->day))
    return FALSE;
  if (*s == '\0')
    return TRUE;
  if (*s != 'T' && *s != 't' && *s != ' ')
    return FALSE;
  s++;
  if (!read_digits (&s, 2, 2, &f->hour) || *s++ != ':' ||
      !read_digits (&s, 2, 2, &f->minute))
    return FALSE;
  if (*s == ':')
    {
      s++;
      if (!read_digits (&s, 2, 2, &f->second))
        return FALSE;
      if ((*s == '.' || *s == ',') && (s++, !read_fraction (&s, &f->microsecond)))
        return FALSE;
    }
  s = skip_spaces (s);
  if (*s != '\0')
    {
      if (!read_offset (&s, &f->offset_s))
        return FALSE;
      f->has_offset = TRUE;
    }
  return *s == '\0';
}

static gboolean
read_pattern (const char *pattern,
              const char *s,
              Fields     *f)
{
  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p == ' ')
        {
          /* A space in the pattern matches any run of spaces, even none. */
          s = skip_spaces (s);
          continue;
        }
      if (*p != '%')
        {
          if (*s++ != *p)
            return FALSE;
          continue;
        }
      switch (*++p)
        {
        case 'Y':
          if (!read_digits (&s, 4, 4, &f->year))
            return FALSE;
          break;
        case 'm':
          if (!read_digits (&s, 1, 2, &f->month))
            return FALSE;
          break;
        case 'd':
          if (!read_digits (&s, 1, 2, &f->day))
            return FALSE;
          break;
        case 'H':
          if (!read_digits (&s, 1, 2, &f->hour))
            return FALSE;
          break;
        case 'M':
          if (!read_digits (&s, 1, 2, &f->minute))
            return FALSE;
          break;
        case 'S':
          if (!read_digits (&s, 1, 2, &f->second))
            return FALSE;
          break;
        case 'f':
          if (!read_fraction (&s, &f->microsecond))
            return FALSE;
          break;
        case 'z':
          if (!read_offset (&s, &f->offset_s))
            return FALSE;
          f->has_offset = TRUE;
          break;
        case '%':
          if (*s++ != '%')
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return *skip_spaces (s) == '\0';
}

/* Checks the fields and turns them into UTC microseconds; a naive time is
 * read in @zone by GLib's rules (see the top of the file). */
static gboolean
fields_to_time (const Fields *f,
                GTimeZone    *zone,
                const char   *text,
                gint64       *t_us,
                GError      **error)
{
  gint64 seconds;
  gint64 t;

  if (f->year < MIN_YEAR || f->year > MAX_YEAR)
    {
      g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_RANGE,
                   _ ("“%s” is outside the years 0001 to 9999."), text);
      return FALSE;
    }
  if (f->month < 1 || f->month > 12 || f->day < 1 ||
      f->day > g_date_get_days_in_month ((GDateMonth) f->month, (GDateYear) f->year) ||
      f->hour > 23 || f->minute > 59 || f->second > 59)
    {
      g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_INVALID,
                   _ ("“%s” is not a valid date and time."), text);
      return FALSE;
    }

  seconds = days_from_civil (f->year, f->month, f->day) * S_PER_DAY +
            f->hour * 3600 + f->minute * 60 + f->second;
  if (f->has_offset)
    seconds -= f->offset_s;
  else
    {
      gint64 local = seconds;
      int    interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &local);

      seconds = local - g_time_zone_get_offset (zone, interval);
    }

  t = seconds * US_PER_S + f->microsecond;
  if (t < min_time_us () || t > max_time_us ())
    {
      g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_RANGE,
                   _ ("“%s” is outside the years 0001 to 9999."), text);
      return FALSE;
    }
  *t_us = t;
  return TRUE;
}

static gint64
kind_scale (TwinTimeKind kind)
{
  switch (kind)
    {
    case TWIN_TIME_KIND_EPOCH_S:
      return US_PER_S;
    case TWIN_TIME_KIND_EPOCH_MS:
      return 1000;
    case TWIN_TIME_KIND_EPOCH_US:
      return 1;
    case TWIN_TIME_KIND_AUTO:
    case TWIN_TIME_KIND_ISO8601:
    case TWIN_TIME_KIND_PATTERN:
    default:
      g_assert_not_reached ();
    }
}

/* Reads an epoch number "-12", "1422886740.25" (or with a comma), or
 * "1.4e9". With *@kind AUTO the unit follows from the number's size and is
 * stored in *@kind. Decimal digits are read exactly, without a double, so
 * "1422886740.123456" is exact to the microsecond; digits beyond it are
 * dropped. */
static gboolean
read_epoch (const char   *text,
            TwinTimeKind *kind,
            gint64       *t_us,
            gboolean     *out_of_range)
{
  const char *s = text;
  gboolean    negative = FALSE;
  guint64     whole = 0;
  int         n_whole = 0;
  const char *fraction = NULL;
  gint64      scale;
  gint64      t;

  *out_of_range = FALSE;
  if (*s == '+' || *s == '-')
    negative = *s++ == '-';
  for (; g_ascii_isdigit (*s); s++, n_whole++)
    {
      if (n_whole < MAX_DIGITS)
        whole = whole * 10 + (guint64) (*s - '0');
    }
  if (n_whole == 0)
    return FALSE;
  if (*s == '.' || *s == ',')
    {
      fraction = ++s;
      while (g_ascii_isdigit (*s))
        s++;
    }

  if (*s == 'e' || *s == 'E')
    {
      /* Scientific notation: through a double, rounded to the microsecond. */
      g_autofree char *copy = g_strdup (text);
      char            *end = NULL;
      double           value;

      g_strdelimit (copy, ",", '.');
      value = g_ascii_strtod (copy, &end);
      if (end == copy || *skip_spaces (end) != '\0' || !isfinite (value))
        return FALSE;
      if (*kind == TWIN_TIME_KIND_AUTO)
        *kind = fabs (value) < 1e11 ? TWIN_TIME_KIND_EPOCH_S : fabs (value) < 1e14 ? TWIN_TIME_KIND_EPOCH_MS
                                                                                   : TWIN_TIME_KIND_EPOCH_US;
      value *= (double) kind_scale (*kind);
      if (!(fabs (value) < 9.2e18))
        {
          *out_of_range = TRUE;
          return FALSE;
        }
      t = (gint64) llround (value);
      goto check_range;
    }
  if (*skip_spaces (s) != '\0')
    return FALSE;

  if (n_whole > MAX_DIGITS)
    {
      *out_of_range = TRUE;
      return FALSE;
    }
  if (*kind == TWIN_TIME_KIND_AUTO)
    *kind = whole < G_GUINT64_CONSTANT (100000000000) ? TWIN_TIME_KIND_EPOCH_S : whole < G_GUINT64_CONSTANT (100000000000000) ? TWIN_TIME_KIND_EPOCH_MS
                                                                                                                              : TWIN_TIME_KIND_EPOCH_US;
  scale = kind_scale (*kind);
  if (whole > (guint64) (G_MAXINT64 / scale))
    {
      *out_of_range = TRUE;
      return FALSE;
    }
  t = (gint64) whole * scale;
  if (fraction != NULL)
    {
      gint64 part = 0;
      gint64 unit = scale;

      for (const char *d = fraction; g_ascii_isdigit (*d) && unit > 1; d++)
        {
          unit /= 10;
          part += (*d - '0') * unit;
        }
      t += part;
    }
  if (negative)
    t = -t;

check_range:
  if (t < min_time_us () || t > max_time_us ())
    {
      *out_of_range = TRUE;
      return FALSE;
    }
  *t_us = t;
  return TRUE;
}

static gboolean
looks_like_iso8601 (const char *s)
{
  return g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) && g_ascii_isdigit (s[2]) &&
         g_ascii_isdigit (s[3]) && s[4] == '-';
}

static gboolean
check_pattern (const char *pattern,
               GError    **error)
{
  gboolean has_year = FALSE;
  gboolean has_month = FALSE;
  gboolean has_day = FALSE;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      p++;
      switch (*p)
        {
        case 'Y':
          has_year = TRUE;
          break;
        case 'm':
          has_month = TRUE;
          break;
        case 'd':
          has_day = TRUE;
          break;
        case 'H':
        case 'M':
        case 'S':
        case 'f':
        case 'z':
        case '%':
          break;
        case '\0':
          g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT,
                       _ ("The time format “%s” ends with a lone “%%”."), pattern);
          return FALSE;
        default:
          g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT,
                       /* TRANSLATORS: the list names the directives of a time format; keep them as they are. */
                       _ ("The time format “%s” uses “%%%c”: only %%Y %%m %%d %%H %%M %%S %%f %%z and %%%% are understood."),
                       pattern, *p);
          return FALSE;
        }
    }
  if (!has_year || !has_month || !has_day)
    {
      g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT,
                   _ ("The time format “%s” needs at least %%Y, %%m and %%d."), pattern);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_time_zone_new:
 * @identifier: (nullable): "local" (or %NULL or ""), "UTC", an IANA zone such
 *   as "Europe/Berlin", or a fixed offset such as "+01:00"
 * @error: return location for a %TWIN_TIME_ERROR_ZONE
 *
 * Finds the zone in which naive times (times written without an offset)
 * are read.
 *
 * Returns: (transfer full): the zone, or %NULL with @error set
 */
GTimeZone *
twin_time_zone_new (const char *identifier,
                    GError    **error)
{
  GTimeZone *zone;

  if (identifier == NULL || identifier[0] == '\0' || g_ascii_strcasecmp (identifier, "local") == 0)
    return g_time_zone_new_local ();
  if (g_ascii_strcasecmp (identifier, "UTC") == 0 || g_str_equal (identifier, "Z"))
    return g_time_zone_new_utc ();
  zone = g_time_zone_new_identifier (identifier);
  if (zone == NULL)
    g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_ZONE,
                 _ ("Unknown time zone “%s”: use “local”, “UTC”, a name such as “Europe/Berlin” or an offset such as “+01:00”."),
                 identifier);
  return zone;
}

/**
 * twin_time_parser_new:
 * @format: (nullable): how times are written: %NULL or "auto" (ISO 8601, or
 *   an epoch number whose unit is decided by the first time read),
 *   "iso8601", "s", "ms" or "us" (also "epoch-s", "epoch-ms", "epoch-us"),
 *   or a pattern with `%` directives: %Y (4 digits), %m, %d, %H, %M, %S
 *   (1 or 2 digits), %f (fraction of a second, any number of digits), %z
 *   ("Z", "+hh", "+hhmm" or "+hh:mm") and %%; a space matches any run of
 *   spaces; %Y, %m and %d are required
 * @zone: (nullable): the zone of naive times; %NULL for the local zone
 * @error: return location for a %TWIN_TIME_ERROR_FORMAT
 *
 * Creates a parser for the times of one file. An "auto" parser settles on
 * the form of the first time it reads, so a file cannot mix seconds and
 * milliseconds.
 *
 * Returns: (transfer full): the parser, or %NULL with @error set
 */
TwinTimeParser *
twin_time_parser_new (const char *format,
                      GTimeZone  *zone,
                      GError    **error)
{
  g_autoptr (TwinTimeParser) self = g_new0 (TwinTimeParser, 1);

  if (format == NULL || format[0] == '\0' || g_ascii_strcasecmp (format, "auto") == 0)
    self->kind = TWIN_TIME_KIND_AUTO;
  else if (g_ascii_strcasecmp (format, "iso8601") == 0 || g_ascii_strcasecmp (format, "iso") == 0)
    self->kind = TWIN_TIME_KIND_ISO8601;
  else if (g_ascii_strcasecmp (format, "s") == 0 || g_ascii_strcasecmp (format, "epoch") == 0 ||
           g_ascii_strcasecmp (format, "epoch-s") == 0)
    self->kind = TWIN_TIME_KIND_EPOCH_S;
  else if (g_ascii_strcasecmp (format, "ms") == 0 || g_ascii_strcasecmp (format, "epoch-ms") == 0)
    self->kind = TWIN_TIME_KIND_EPOCH_MS;
  else if (g_ascii_strcasecmp (format, "us") == 0 || g_ascii_strcasecmp (format, "epoch-us") == 0 ||
           g_str_equal (format, "µs"))
    self->kind = TWIN_TIME_KIND_EPOCH_US;
  else if (strchr (format, '%') != NULL)
    {
      if (!check_pattern (format, error))
        return NULL;
      self->kind = TWIN_TIME_KIND_PATTERN;
      self->pattern = g_strdup (format);
    }
  else
    {
      g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT,
                   _ ("Unknown time format “%s”: use auto, iso8601, s, ms, us or a pattern such as “%%d.%%m.%%Y %%H:%%M”."),
                   format);
      return NULL;
    }
  self->zone = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();
  return g_steal_pointer (&self);
}

/**
 * twin_time_parser_free:
 * @self: (transfer full): a parser
 */
void
twin_time_parser_free (TwinTimeParser *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->pattern);
  g_free (self);
}

/**
 * twin_time_parser_get_kind:
 * @self: a parser
 *
 * Returns: the form the parser reads; an "auto" parser answers
 *   %TWIN_TIME_KIND_AUTO until it has read its first time
 */
TwinTimeKind
twin_time_parser_get_kind (const TwinTimeParser *self)
{
  g_return_val_if_fail (self != NULL, TWIN_TIME_KIND_AUTO);

  return self->kind;
}

/**
 * twin_time_parser_parse:
 * @self: a parser
 * @text: a time; spaces around it are ignored
 * @t_us: (out): the time in UTC microseconds since the Unix epoch
 * @error: return location for a %TWIN_TIME_ERROR whose message quotes @text
 *
 * Reads one time. Fractions of a second finer than a microsecond are
 * dropped. Naive times are read in the parser's zone (see the file's
 * comment for daylight-saving gaps and overlaps).
 *
 * Returns: %TRUE if @text is a time in the parser's form
 */
gboolean
twin_time_parser_parse (TwinTimeParser *self,
                        const char     *text,
                        gint64         *t_us,
                        GError        **error)
{
  Fields      fields = { 0 };
  char        buffer[64];
  const char *s;
  gsize       length;
  gboolean    out_of_range = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (t_us != NULL, FALSE);

  /* Spaces around the time are ignored; no accepted time is that long. */
  s = skip_spaces (text);
  length = strlen (s);
  while (length > 0 && (s[length - 1] == ' ' || s[length - 1] == '\t'))
    length--;
  if (length >= sizeof buffer)
    length = 0; /* read as "", which no form accepts */
  memcpy (buffer, s, length);
  buffer[length] = '\0';
  s = buffer;

  switch (self->kind)
    {
    case TWIN_TIME_KIND_AUTO:
      if (looks_like_iso8601 (s))
        {
          if (!read_iso8601 (s, &fields))
            break;
          if (!fields_to_time (&fields, self->zone, text, t_us, error))
            return FALSE;
          self->kind = TWIN_TIME_KIND_ISO8601;
          return TRUE;
        }
      else
        {
          TwinTimeKind kind = TWIN_TIME_KIND_AUTO;

          if (!read_epoch (s, &kind, t_us, &out_of_range))
            break;
          self->kind = kind;
          return TRUE;
        }

    case TWIN_TIME_KIND_ISO8601:
      if (!read_iso8601 (s, &fields))
        break;
      return fields_to_time (&fields, self->zone, text, t_us, error);

    case TWIN_TIME_KIND_PATTERN:
      if (!read_pattern (self->pattern, s, &fields))
        break;
      return fields_to_time (&fields, self->zone, text, t_us, error);

    case TWIN_TIME_KIND_EPOCH_S:
    case TWIN_TIME_KIND_EPOCH_MS:
    case TWIN_TIME_KIND_EPOCH_US:
      if (!read_epoch (s, &self->kind, t_us, &out_of_range))
        break;
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  if (out_of_range)
    g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_RANGE,
                 _ ("“%s” is outside the years 0001 to 9999."), text);
  else
    switch (self->kind)
      {
      case TWIN_TIME_KIND_PATTERN:
        g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_INVALID,
                     _ ("“%s” is not a time of the form “%s”."), text, self->pattern);
        break;
      case TWIN_TIME_KIND_ISO8601:
        g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_INVALID,
                     _ ("“%s” is not an ISO 8601 time such as 2024-05-01T12:00:00Z."), text);
        break;
      case TWIN_TIME_KIND_EPOCH_S:
      case TWIN_TIME_KIND_EPOCH_MS:
      case TWIN_TIME_KIND_EPOCH_US:
        g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_INVALID,
                     _ ("“%s” is not a number of seconds, milliseconds or microseconds since 1970."), text);
        break;
      case TWIN_TIME_KIND_AUTO:
      default:
        g_set_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_INVALID,
                     _ ("“%s” is not a time: use ISO 8601 (2024-05-01T12:00:00Z) or seconds since 1970."), text);
        break;
      }
  return FALSE;
}

/**
 * twin_time_parse:
 * @text: a time in any accepted form: ISO 8601, or an epoch number whose
 *   unit follows from its size (see %TWIN_TIME_KIND_AUTO)
 * @zone: (nullable): the zone of a naive time; %NULL for the local zone
 * @t_us: (out): the time in UTC microseconds since the Unix epoch
 * @error: return location for a %TWIN_TIME_ERROR
 *
 * Reads one time on its own, such as a command line's `--from`.
 *
 * Returns: %TRUE if @text is a time
 */
gboolean
twin_time_parse (const char *text,
                 GTimeZone  *zone,
                 gint64     *t_us,
                 GError    **error)
{
  g_autoptr (TwinTimeParser) parser = twin_time_parser_new (NULL, zone, NULL);

  return twin_time_parser_parse (parser, text, t_us, error);
}

/**
 * twin_time_format_iso8601:
 * @t_us: UTC microseconds since the Unix epoch
 *
 * Writes @t_us as ISO 8601 in UTC with as many fraction digits as it
 * needs and no more: `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.25Z`,
 * `2024-05-01T12:00:00.000001Z`. twin_time_parse() reads it back exactly.
 * Years outside 0001 to 9999 are written with a sign and more digits, which
 * the parsers do not read back.
 *
 * Returns: (transfer full): the text
 */
char *
twin_time_format_iso8601 (gint64 t_us)
{
  gint64 seconds = t_us >= 0 ? t_us / US_PER_S : -((-(t_us + 1)) / US_PER_S) - 1;
  int    micro = (int) (t_us - seconds * US_PER_S);
  gint64 days = seconds >= 0 ? seconds / S_PER_DAY : -((-(seconds + 1)) / S_PER_DAY) - 1;
  int    in_day = (int) (seconds - days * S_PER_DAY);
  int    year;
  int    month;
  int    day;
  char   fraction[8] = "";

  civil_from_days (days, &year, &month, &day);
  if (micro != 0)
    {
      int n = 6;

      g_snprintf (fraction, sizeof fraction, ".%06d", micro);
      while (fraction[n] == '0')
        fraction[n--] = '\0';
    }
  if (year >= 0 && year <= 9999)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%sZ", year, month, day,
                            in_day / 3600, in_day / 60 % 60, in_day % 60, fraction);
  return g_strdup_printf ("%+05d-%02d-%02dT%02d:%02d:%02d%sZ", year, month, day,
                          in_day / 3600, in_day / 60 % 60, in_day % 60, fraction);
}

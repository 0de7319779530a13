// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verify settings in the words users type, one vocabulary for the command line
 * (--verify l1=on,l2=crc) and the monitor command (verify l1 on l2 crc): each word is
 * "on", "off", "l1=on|off", "l2=off|crc|readback", or a key "l1"/"l2" followed by its value
 * as the next word; several may share a word, separated by commas.
 */
#include <stdio.h>
#include <string.h>

#include "flash/flash.h"

static const char *const l2_names[] = { "off", "crc", "readback" };

const char *flash_l2_name(enum flash_l2_e l2)
{
	return (unsigned)l2 < 3 ? l2_names[l2] : "?";
}

/* One setting: key (l1, l2, or NULL for a bare on/off) and its value. */
static int apply(const char *key, const char *val, struct flash_options_s *v, char *msg, size_t len)
{
	if (!key && (strcmp(val, "on") == 0 || strcmp(val, "off") == 0)) {
		v->l1 = strcmp(val, "on") == 0;
		v->l2 = v->l1 ? FLASH_L2_CRC : FLASH_L2_OFF;
		return 0;
	}
	if (key && strcmp(key, "l1") == 0 && (strcmp(val, "on") == 0 || strcmp(val, "off") == 0)) {
		v->l1 = strcmp(val, "on") == 0;
		return 0;
	}
	if (key && strcmp(key, "l2") == 0)
		for (unsigned k = 0; k < 3; k++)
			if (strcmp(val, l2_names[k]) == 0) {
				v->l2 = (enum flash_l2_e)k;
				return 0;
			}
	if (key && strcmp(key, "l2") == 0)
		snprintf(msg, len, "l2 takes off, crc or readback, not '%s'", val);
	else if (key && strcmp(key, "l1") == 0)
		snprintf(msg, len, "l1 takes on or off, not '%s'", val);
	else
		snprintf(msg, len, "expected on, off, l1=on|off or l2=off|crc|readback, not '%s%s%s'", key ? key : "",
			 key ? "=" : "", val);
	return -1;
}

int flash_parse_verify(int argc, char *const *argv, struct flash_options_s *v, char *msg, size_t len)
{
	struct flash_options_s w = *v;
	char word[64];
	int settings = 0;

	for (int i = 0; i < argc; i++) {
		char *save = NULL;

		if (strlen(argv[i]) >= sizeof(word)) {	/* never cut: the tail would be ignored */
			snprintf(msg, len, "'%.20s...' is too long", argv[i]);
			return -1;
		}
		snprintf(word, sizeof(word), "%s", argv[i]);
		/* a key alone takes the next word as its value (the monitor's "l1 on") */
		if (strcmp(word, "l1") == 0 || strcmp(word, "l2") == 0) {
			if (i + 1 >= argc) {
				snprintf(msg, len, "'%s' needs a value", word);
				return -1;
			}
			if (apply(word, argv[++i], &w, msg, len))
				return -1;
			settings++;
			continue;
		}
		for (char *t = strtok_r(word, ",", &save); t; t = strtok_r(NULL, ",", &save), settings++) {
			char *eq = strchr(t, '=');

			if (eq)
				*eq = '\0';
			if (apply(eq ? t : NULL, eq ? eq + 1 : t, &w, msg, len))
				return -1;
		}
	}
	if (!settings) {
		snprintf(msg, len, "no verify setting given");
		return -1;
	}
	*v = w;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_quiet_log (fuzz.h): the log at debug level, into /dev/null. */
#include <stdio.h>

#include "fuzz.h"
#include "src/log/log.h"

void fuzz_quiet_log(void)
{
	static FILE *null_log;

	if (!null_log) {
		null_log = fopen("/dev/null", "w");
		FUZZ_CHECK(null_log != NULL);
		log_set_file(null_log);
		log_set_level(LOG_DEBUG);
	}
}

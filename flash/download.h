/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state of one download, shared by download.c (executor), verify.c (level 2) and
 * otp.c (OTP and the held mode). Internal to flash/.
 */
#ifndef FLASH_DOWNLOAD_H
#define FLASH_DOWNLOAD_H

#include <stdio.h>

#include "flash/flash_internal.h"

#define FLASH_OTP_MAX 1024u

struct dl_bank_s {
	struct flash_bank_s *bank;
	struct plan_bank_s plan;
	bool touched;			/* part of the erase set */
	uint32_t next_index;		/* sectors below this one are handled (data is in address order) */
	struct flash_report_s rep;	/* this bank's part of the report, for its progress line */
	bool logged;
};

/* A run of programmed sectors: level 2 checks it; its expected bytes are in the file at off. */
struct dl_range_s {
	uint32_t addr, len;
	uint32_t crc;			/* of the expected content */
	long off;
};

struct flash_download_s {
	struct dl_bank_s b[FLASH_MAX_BANKS];
	bool started;			/* survey done, drivers' checks passed */
	bool began;			/* drivers' begin() called: end() is owed */
	int cur_bank;			/* bank of the sector being filled, -1 none */
	struct flash_sector_s cur;
	uint8_t *buf;			/* the sector being filled: its whole expected content */
	uint8_t *blank_buf;		/* an erased sector, written to overwrite banks (MRAM) */
	FILE *expect;			/* expected content of every programmed run */
	struct dl_range_s *ranges;
	unsigned n_ranges, cap_ranges;
	struct flash_report_s rep;

	/* OTP: the image's bytes (present[] says which) and the held main-flash writes */
	bool held_mode;
	FILE *held;
	struct dl_bank_s *otp_bank;
	uint8_t otp_data[FLASH_OTP_MAX], otp_present[FLASH_OTP_MAX];
};

int dl_start(struct flash_s *f, struct error_s *err);
int dl_survey(struct flash_s *f, struct dl_bank_s *db, struct error_s *err);
int dl_write_now(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err);

/* verify.c */
int dl_verify_l2(struct flash_s *f, struct error_s *err);

/* otp.c */
int dl_hold(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err);
int dl_release(struct flash_s *f, struct error_s *err);
int dl_otp_write(struct flash_s *f, struct dl_bank_s *db, uint32_t addr, const uint8_t *data, uint32_t len,
		 struct error_s *err);
int dl_otp_program(struct flash_s *f, struct error_s *err);

#endif /* FLASH_DOWNLOAD_H */

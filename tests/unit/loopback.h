/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP clients on 127.0.0.1 for the tests of servers that listen on port 0 (loopback only). */
#ifndef TESTS_UNIT_LOOPBACK_H
#define TESTS_UNIT_LOOPBACK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A socket connected (or, nonblocking, connecting) to 127.0.0.1:port; fails the test
 * when the connection is refused.
 */
int loopback_connect(uint16_t port, bool nonblocking);

#endif /* TESTS_UNIT_LOOPBACK_H */

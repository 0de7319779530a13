// SPDX-License-Identifier: GPL-2.0-or-later
/* TCP clients on 127.0.0.1 for server tests; see loopback.h. */
#include "loopback.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <errno.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int loopback_connect(uint16_t port, bool nonblocking)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 ||
		    (nonblocking && errno == EINPROGRESS));
	return fd;
}

# The simulator library, shared by rspflash-sim and rspflash's in-process probe.
noinst_LIBRARIES += sim/libsim.a
sim_libsim_a_CFLAGS = $(AM_CFLAGS) $(UNICORN_CFLAGS)
sim_libsim_a_SOURCES = \
	sim/sim.h sim/sim_internal.h \
	sim/sim.c \
	sim/faults.c \
	sim/timing.c sim/timing.h \
	sim/clock.c sim/clock.h \
	sim/periph/stm32_rcc.c sim/periph/stm32_rcc.h \
	sim/periph/stm32_crc.c sim/periph/stm32_crc.h \
	sim/periph/flash_faults.c sim/periph/flash_faults.h \
	sim/board.c sim/board.h \
	sim/boards/stm32f401.c \
	sim/boards/stm32l552.c sim/boards/stm32l552.h \
	sim/bus.c sim/bus.h \
	sim/swd_wire.c sim/swd_wire.h \
	sim/dp.c sim/dp.h \
	sim/memap.c sim/memap.h \
	sim/romtable.c sim/romtable.h \
	sim/periph/dbgmcu.c sim/periph/dbgmcu.h \
	sim/model.c sim/model.h \
	sim/state.c
# what the simulator library itself links against
SIM_SYSTEM_LIBS = $(UNICORN_LIBS) -lm
SIM_LIBS = sim/libsim.a $(SIM_SYSTEM_LIBS)

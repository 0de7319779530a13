# The Cortex-M core model (CPU on Unicorn + debug block). Owned by the core work.
sim_libsim_a_SOURCES += \
	sim/core.c sim/core.h

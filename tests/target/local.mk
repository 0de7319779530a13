# On-target test programs, built with arm-none-eabi-gcc. Owned by the integration-test work.

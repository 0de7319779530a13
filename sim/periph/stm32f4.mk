# Peripheral models: stm32f4 (see sim/model.h). Owned by the stm32f4 model work.

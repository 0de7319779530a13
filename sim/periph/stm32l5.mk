# Peripheral models: stm32l5 (see sim/model.h). Owned by the stm32l5 model work.

# Peripheral models: xspi (see sim/model.h). Owned by the xspi model work.

# rspflash-sim: the virtual J-Link over TCP. Owned by the J-Link front-end work.

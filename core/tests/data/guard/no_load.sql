-- console
load httpfs

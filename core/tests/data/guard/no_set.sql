-- console
set enable_external_access = true

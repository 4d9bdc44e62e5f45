-- console


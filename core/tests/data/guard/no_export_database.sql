-- console
export database 'dir'

-- console
copy src.x from 'in.csv'

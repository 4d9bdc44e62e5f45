-- console
copy (select 1) to 'out.csv'

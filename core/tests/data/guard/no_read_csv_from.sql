-- console
select * from read_csv('https://evil.example/x.csv')

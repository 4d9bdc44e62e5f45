-- console
select * from 'https://evil.example/x.csv'

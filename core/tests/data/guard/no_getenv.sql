-- console
select getenv('HOME')

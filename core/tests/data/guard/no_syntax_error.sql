-- console
select * frm src.x

create table mart.paid_orders as select * from pos.orders where status = 'paid'

select amount * 2 as doubled, doubled + 1 as plus_one from pos.orders where doubled > 10

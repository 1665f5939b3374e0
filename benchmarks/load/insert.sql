insert into one_insert (data) values ('{"borrowerId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","serviceType":"loan"}');

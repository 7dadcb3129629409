--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.f() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO audit VALUES (NEW.id); RETURN NEW;
END;
$$;

CREATE TABLE public.dpt (
    nik text,
    nama text,
    "Alamat" text,
    ket text
);

COPY public.dpt (nik, nama, "Alamat", ket) FROM stdin;
3204051203850001	MA'RUF	JL. A\tB\nRT 01	\N
3204055203850002	JOS\303\211	C:\\DATA	\x41\x42
3204052902000001	ANI		x
\.

INSERT INTO public.dpt VALUES ('3204052902050001', 'O''NEIL', E'tab\there', NULL);
INSERT INTO public.dpt (nik, nama) VALUES ('3204050101010001', 'BEJO'::text);

--
-- PostgreSQL database dump complete
--

-- MySQL dump 10.13  Distrib 8.0.35, for Linux (x86_64)
--
-- Host: localhost    Database: pemilu
/*!40101 SET NAMES utf8mb4 */;
# a hash comment
DROP TABLE IF EXISTS `dpt`;
CREATE TABLE `dpt` (
  `id` int NOT NULL AUTO_INCREMENT,
  `nik` varchar(16) DEFAULT NULL COMMENT 'nomor, induk; kependudukan',
  `nama` varchar(255) DEFAULT NULL,
  `alamat` text,
  `foto` blob,
  `ket` enum('a','b,c') DEFAULT 'a',
  PRIMARY KEY (`id`),
  UNIQUE KEY `nik` (`nik`),
  KEY `idx_nama` (`nama`(10))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
LOCK TABLES `dpt` WRITE;
/*!40000 ALTER TABLE `dpt` DISABLE KEYS */;
INSERT INTO `dpt` VALUES (1,'3204051203850001','MA\'RUF','JL. \"A\", NO. 1\nRT 01',_binary 'abc','a'),(2,'3204055203850002','SITI NUR''AINI','C:\\DATA\\x',0x4A4F53C389,'b,c'),
(3,'3204052902000001',_utf8mb4'ANI\0\Z\t\r',NULL,0x4A4F5345,NULL),
(4,   '3204052902050001'  , 'JOKO' , 'JL; (X)', X'414243', 'a');
INSERT INTO `dpt` (`nik`,`nama`) VALUES ('3204050101010001','BEJO');
/*!40000 ALTER TABLE `dpt` ENABLE KEYS */;
UNLOCK TABLES;
CREATE TABLE `log` (`t` datetime, `msg` varchar(10));
INSERT INTO `log` VALUES ('2024-01-01 00:00:00','ok'),(NOW(),'x');
INSERT INTO `dpt` VALUES (5,'3204050101010002','LAST','',NULL,'a');

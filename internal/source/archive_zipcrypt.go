package source

// Decryption of encrypted zip members, which archive/zip does not do:
// the traditional PKWARE stream cipher ("ZipCrypto", APPNOTE.TXT 6.1) and
// WinZip AES (AE-1/AE-2: PBKDF2-HMAC-SHA1 keys, AES-CTR with a
// little-endian counter, HMAC-SHA1 authentication code), written from
// their published specifications. Written here because no maintained
// module for it installs from the module proxy this project uses (the
// yeka/zip and alexmullins/zip forks were refused); the primitives are the
// standard library's.

import (
	"archive/zip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

func wrongPassword(what string) error {
	return fmt.Errorf("wrong password (%s): %w", what, ErrEncrypted)
}

// zipCryptoKeys is the state of the traditional PKWARE cipher.
type zipCryptoKeys [3]uint32

func crc32Byte(crc uint32, b byte) uint32 {
	return crc32.IEEETable[byte(crc)^b] ^ crc>>8
}

func (k *zipCryptoKeys) update(b byte) {
	k[0] = crc32Byte(k[0], b)
	k[1] = (k[1]+k[0]&0xff)*134775813 + 1
	k[2] = crc32Byte(k[2], byte(k[1]>>24))
}

func (k *zipCryptoKeys) streamByte() byte {
	t := k[2] | 2
	return byte((t & 0xffff) * ((t ^ 1) & 0xffff) >> 8)
}

func (k *zipCryptoKeys) decrypt(b []byte) {
	for i, c := range b {
		p := c ^ k.streamByte()
		k.update(p)
		b[i] = p
	}
}

type zipCryptoReader struct {
	r    io.Reader
	keys zipCryptoKeys
}

func (z *zipCryptoReader) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	z.keys.decrypt(p[:n])
	return n, err
}

// newZipCryptoReader checks the password against the 12-byte encryption
// header (its last byte is the CRC's or, with a data descriptor, the
// modification time's high byte) and decrypts the rest.
func newZipCryptoReader(raw io.Reader, f *zip.File, password string) (io.Reader, error) {
	k := zipCryptoKeys{0x12345678, 0x23456789, 0x34567890}
	for i := 0; i < len(password); i++ {
		k.update(password[i])
	}
	var h [12]byte
	if _, err := io.ReadFull(raw, h[:]); err != nil {
		return nil, fmt.Errorf("zip encryption header: %w", eofUnexpected(err))
	}
	k.decrypt(h[:])
	if h[11] != byte(f.CRC32>>24) && h[11] != byte(f.ModifiedTime>>8) {
		return nil, wrongPassword("ZipCrypto check byte mismatch")
	}
	return &zipCryptoReader{r: raw, keys: k}, nil
}

func eofUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// newZipAESReader decrypts a WinZip AES member; it returns the actual
// compression method, and whether the member is AE-2 (no CRC to check).
func newZipAESReader(raw io.Reader, f *zip.File, password string) (io.Reader, uint16, bool, error) {
	version, strength, method, ok := zipAESExtra(f.Extra)
	if !ok {
		return nil, 0, false, errors.New("zip AES member without its AES extra field (corrupt)")
	}
	if strength < 1 || strength > 3 {
		return nil, 0, false, fmt.Errorf("zip AES strength %d unknown (corrupt)", strength)
	}
	saltLen, keyLen := 4+4*int(strength), 8+8*int(strength)
	overhead := uint64(saltLen + 2 + 10)
	if f.CompressedSize64 < overhead {
		return nil, 0, false, errors.New("zip AES member shorter than its salt and authentication code (corrupt)")
	}
	head := make([]byte, saltLen+2)
	if _, err := io.ReadFull(raw, head); err != nil {
		return nil, 0, false, fmt.Errorf("zip AES header: %w", eofUnexpected(err))
	}
	dk, err := pbkdf2.Key(sha1.New, password, head[:saltLen], 1000, 2*keyLen+2)
	if err != nil {
		return nil, 0, false, err
	}
	if subtle.ConstantTimeCompare(dk[2*keyLen:], head[saltLen:]) != 1 {
		return nil, 0, false, wrongPassword("AES password check mismatch")
	}
	block, err := aes.NewCipher(dk[:keyLen])
	if err != nil {
		return nil, 0, false, err
	}
	r := &zipAESReader{
		raw:   raw,
		left:  int64(f.CompressedSize64 - overhead),
		block: block,
		mac:   hmac.New(sha1.New, dk[keyLen:2*keyLen]),
		ksPos: aes.BlockSize,
	}
	return r, method, version == 2, nil
}

// zipAESExtra parses the AES extra field (0x9901).
func zipAESExtra(extra []byte) (version uint16, strength byte, method uint16, ok bool) {
	for len(extra) >= 4 {
		id := binary.LittleEndian.Uint16(extra)
		size := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			return 0, 0, 0, false
		}
		if id == 0x9901 && size >= 7 {
			d := extra[:size]
			return binary.LittleEndian.Uint16(d), d[4], binary.LittleEndian.Uint16(d[5:]), true
		}
		extra = extra[size:]
	}
	return 0, 0, 0, false
}

type zipAESReader struct {
	raw   io.Reader
	left  int64 // encrypted bytes not yet read
	block cipher.Block
	mac   hash.Hash
	ctr   [aes.BlockSize]byte
	ks    [aes.BlockSize]byte
	ksPos int
	done  bool
}

func (z *zipAESReader) Read(p []byte) (int, error) {
	if z.left <= 0 {
		if !z.done {
			z.done = true
			var code [10]byte
			if _, err := io.ReadFull(z.raw, code[:]); err != nil {
				return 0, fmt.Errorf("zip AES authentication code: %w", eofUnexpected(err))
			}
			if !hmac.Equal(code[:], z.mac.Sum(nil)[:10]) {
				return 0, fmt.Errorf("zip AES authentication fails (corrupt, or wrong password): %w", ErrEncrypted)
			}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > z.left {
		p = p[:z.left]
	}
	n, err := z.raw.Read(p)
	z.left -= int64(n)
	z.mac.Write(p[:n])
	for i := range p[:n] {
		if z.ksPos == aes.BlockSize {
			for j := range z.ctr { // little-endian counter, from 1
				z.ctr[j]++
				if z.ctr[j] != 0 {
					break
				}
			}
			z.block.Encrypt(z.ks[:], z.ctr[:])
			z.ksPos = 0
		}
		p[i] ^= z.ks[z.ksPos]
		z.ksPos++
	}
	if err == io.EOF {
		if z.left > 0 {
			return n, io.ErrUnexpectedEOF
		}
		err = nil
	}
	return n, err
}

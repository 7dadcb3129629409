package synth

import (
	"github.com/telusur/telusur/internal/dpt"
)

// emit appends the records of household h as snapshot k lists them.
func (g *villageGen) emit(dst []dpt.Record, h *household, k int) []dpt.Record {
	v := g.v
	rt, rw, tps, addr := h.rt, h.rw, h.tps, h.address
	moved := int(h.movedAt) <= k
	if moved {
		v = h.move.to
		rt, rw, tps, addr = h.move.rt, h.move.rw, h.move.tps, h.move.address
	}
	for i := range h.members {
		p := &h.members[i]
		if !g.eligible(p, k) {
			continue
		}
		rec := dpt.Record{
			PersonID:      p.id,
			NKK:           h.nkk,
			NIK:           p.nik,
			Name:          p.name,
			BirthPlace:    p.birthPlace,
			BirthDate:     p.birth,
			MaritalStatus: p.marital,
			Sex:           dpt.Male,
			Disability:    p.disability,
			EKTP:          p.ektp,
		}
		if p.female {
			rec.Sex = dpt.Female
		}
		if k < int(p.corrAt) {
			rec.Name = p.typoName
		}
		switch {
		case k == 0:
		case !g.eligible(p, k-1):
			rec.Remarks = dpt.RemarkNew
		case int(h.movedAt) == k || int(p.corrAt) == k:
			rec.Remarks = dpt.RemarkChanged
		}
		if p.overseas > 0 {
			post := overseasPosts[p.overseas-1]
			rec.OverseasPost, rec.OverseasCountry = post.post, post.country
			rec.Passport = p.passport
			rec.TPS = int32(1 + (p.id*2654435761>>7)%40)
		} else {
			rec.Address, rec.RT, rec.RW, rec.TPS = addr, rt, rw, tps
			rec.ProvinceCode, rec.Province = v.province.Code, v.upper[0]
			rec.RegencyCode, rec.Regency = v.regency.Code, v.upper[1]
			rec.DistrictCode, rec.District = v.district.Code, v.upper[2]
			rec.VillageCode, rec.Village = v.area.Code, v.upper[3]
		}
		dst = append(dst, rec)
	}
	return dst
}

// count adds household h's contribution to snapshot k's statistics.
func (g *villageGen) count(st *SnapshotManifest, h *household, k int) {
	for i := range h.members {
		p := &h.members[i]
		now := g.eligible(p, k)
		if k > 0 && !now && g.eligible(p, k-1) {
			st.Removed++
		}
		if !now {
			continue
		}
		st.Rows++
		if p.overseas > 0 {
			st.Overseas++
			continue
		}
		if int(h.movedAt) <= k {
			st.Moved++
		}
		if k > 0 {
			switch {
			case !g.eligible(p, k-1):
				st.New++
			case int(h.movedAt) == k || int(p.corrAt) == k:
				st.Changed++
			}
			if int(p.corrAt) == k && g.eligible(p, k-1) {
				st.Renamed++
			}
		}
	}
}

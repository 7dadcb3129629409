package dpt

// Role is what a column of a dataset holds. The names are stable: they are
// written in catalogues, reports and JSON, and accepted by `--map col=role`.
type Role string

// The roles.
const (
	RoleNIK           Role = "nik"
	RoleNKK           Role = "nkk"
	RolePassport      Role = "passport"
	RoleName          Role = "name"
	RoleBirthPlace    Role = "birth_place"
	RoleBirthDate     Role = "birth_date"
	RoleAge           Role = "age"
	RoleSex           Role = "sex"
	RoleMaritalStatus Role = "marital_status"
	RoleAddress       Role = "address"
	RoleRT            Role = "rt"
	RoleRW            Role = "rw"
	RoleVillage       Role = "village"
	RoleDistrict      Role = "district"
	RoleRegency       Role = "regency"
	RoleProvince      Role = "province"
	RoleRegionCode    Role = "region_code"
	RoleTPS           Role = "tps"
	RoleDisability    Role = "disability"
	RoleEKTP          Role = "ektp"
	RoleRemarks       Role = "remarks"
	RoleOther         Role = "other"
)

// Roles lists every role in a stable order.
var Roles = []Role{
	RoleNIK, RoleNKK, RolePassport, RoleName, RoleBirthPlace, RoleBirthDate, RoleAge, RoleSex,
	RoleMaritalStatus, RoleAddress, RoleRT, RoleRW, RoleVillage, RoleDistrict, RoleRegency,
	RoleProvince, RoleRegionCode, RoleTPS, RoleDisability, RoleEKTP, RoleRemarks, RoleOther,
}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

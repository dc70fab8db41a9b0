package constraints

import "strings"

// Unit describes the quantity a family measures: its unit inside the LP,
// and the natural unit users read it in with how many natural units one LP
// unit holds (a thousand launches = 1,000 launches).
type Unit struct {
	LP         string  `json:"lp"`
	Natural    string  `json:"natural"`
	PerNatural float64 `json:"per_lp_unit"`
}

var (
	uGW       = Unit{"GW", "GW", 1}
	uGWyr     = Unit{"GW/yr", "GW/yr", 1}
	uMt       = Unit{"Mt", "t", 1e6}
	uMtyr     = Unit{"Mt/yr", "Mt/yr", 1}
	uEB       = Unit{"EB", "EB", 1}
	uEByr     = Unit{"EB/yr", "EB/yr", 1}
	uAccel    = Unit{"M accelerators", "accelerator", 1e6}
	uAccelYr  = Unit{"M accelerators/yr", "M accelerators/yr", 1}
	uWafers   = Unit{"M wafers", "wafer", 1e6}
	uRobots   = Unit{"M robots", "robot", 1e6}
	uRobotsYr = Unit{"M robots/yr", "M robots/yr", 1}
	uLaunches = Unit{"k launches", "launch", 1e3}
	uShips    = Unit{"ships", "ship", 1}
	uCount    = Unit{"units", "unit", 1}
	uLabour   = Unit{"k worker-years", "worker-year", 1e3}
	uMoney    = Unit{"$B", "$B", 1}
	uScanners = Unit{"scanners", "scanner", 1}
)

// familyUnits maps family names (exact, or a prefix ending in "*") to
// units; the first match wins, so exact names come before prefixes.
var familyUnits = []struct {
	name string
	unit Unit
}{
	{"compute.earth_gw", uGW}, {"compute.orbit_gw", uGW}, {"compute.shortfall", uGW},
	{"compute.earth_fleet", uGW}, {"compute.facility_new", uGW}, {"compute.facilities", uGW},
	{"compute.facility_stock", uGW}, {"compute.facility", uGW}, {"compute.orbit_fleet", uGW}, {"compute.target", uGW},
	{"compute.*", uAccel},
	{"chips.wafers", uWafers}, {"chips.own_output", uWafers}, {"chips.fab_starts", uCount}, {"chips.fabs_mature", uCount},
	{"chips.euv", uScanners}, {"chips.fab_growth", uCount}, {"chips.packaging_lines_growth", uCount},
	{"chips.packaging_lines_starts", uCount}, {"chips.packaging_lines_*", uAccelYr}, {"chips.*", uAccel},
	{"memory.fabs_starts", uCount}, {"memory.hbm_lines_starts", uCount}, {"memory.fabs_growth", uCount},
	{"memory.hbm_lines_growth", uCount}, {"memory.hbm", uEB},
	{"memory.dram", uEB}, {"memory.*", uEByr},
	{"power.casting_lines_starts", uCount}, {"power.casting_lines_growth", uCount}, {"power.casting_lines_*", uGWyr}, {"power.*", uGW},
	{"solar.cell_lines_starts", uCount}, {"solar.cell_lines_growth", uCount}, {"solar.cell_lines_*", uGWyr}, {"solar.*", uGW},
	{"launch.ships_built", uShips}, {"launch.fleet", uShips}, {"launch.ship_production", uShips},
	{"launch.launches", uLaunches}, {"launch.turnaround", uLaunches}, {"launch.pads", uLaunches},
	{"launch.licences", uLaunches}, {"launch.ramp", uLaunches},
	{"launch.pads_*", uCount}, {"launch.propellant_plants_starts", uCount}, {"launch.propellant_plants_growth", uCount},
	{"launch.propellant_plants_*", uMtyr},
	{"launch.propellant_ceiling", uMtyr}, {"launch.propellant", uMt}, {"launch.mass", uMt},
	{"space.power_new", uGW}, {"space.power", uGW}, {"space.mass", uMt}, {"space.manufacturing", uMt},
	{"space.factories_starts", uCount}, {"space.factories_growth", uCount}, {"space.factories_*", uMtyr},
	{"lunar.*", uMt},
	{"robots.produced", uRobots}, {"robots.stock", uRobots}, {"robots.shortfall", uRobots},
	{"robots.production", uRobots}, {"robots.fleet", uRobots}, {"robots.target", uRobots},
	{"robots.lines_starts", uCount}, {"robots.lines_growth", uCount}, {"robots.*", uRobotsYr},
	{"labour.*", uLabour},
	{"cost.*", uMoney}, {"capital.*", uMoney},
	{"trade.accelerators", uAccel}, {"trade.hbm", uEB},
}

// FamilyUnit returns the unit of a variable or constraint family (a
// region's, family@region, has the family's).
func FamilyUnit(name string) Unit {
	name, _ = SplitRegion(name)
	for _, fu := range familyUnits {
		if p, ok := strings.CutSuffix(fu.name, "*"); ok {
			if strings.HasPrefix(name, p) {
				return fu.unit
			}
		} else if fu.name == name {
			return fu.unit
		}
	}
	return uCount
}

// familyLabels name capacity families in plain words for reports.
var familyLabels = map[string]string{
	"compute.facility":                "data-centre facilities",
	"chips.wafers":                    "leading-edge wafers",
	"chips.packaging":                 "advanced packaging",
	"memory.hbm":                      "HBM stacking",
	"memory.dram":                     "DRAM wafer bits",
	"power.balance":                   "Earth generation",
	"power.grid":                      "grid connections",
	"power.castings":                  "turbine blade and vane castings",
	"power.turbines":                  "turbines (castings delivered)",
	"power.offpeak":                   "off-peak grid for edge charging",
	"solar.own_capacity":              "own solar cell output",
	"solar.imports":                   "solar cell imports",
	"launch.ship_production":          "Starship production",
	"launch.turnaround":               "Starship fleet flights (turnaround)",
	"launch.pads":                     "launch pads",
	"launch.propellant":               "propellant production",
	"launch.propellant_ceiling":       "propellant ceiling from Earth",
	"launch.mass":                     "payload per launch",
	"space.power":                     "orbital power for accelerators",
	"lunar.driver":                    "lunar mass driver",
	"robots.self_build":               "robots building robot lines",
	"robots.ceiling":                  "robot version ceiling",
	"robots.production":               "robot production lines",
	"labour.balance":                  "construction labour",
	"power.solar_permits":             "ground-solar permits",
	"power.fuel":                      "gas for turbines",
	"capital.budget":                  "capital budget",
	"chips.own_output":                "own fabs' wafers",
	"chips.euv":                       "EUV scanners",
	"chips.fab_growth":                "logic fab start rate",
	"chips.packaging_lines_growth":    "packaging line start rate",
	"memory.fabs_growth":              "memory fab start rate",
	"memory.hbm_lines_growth":         "HBM line start rate",
	"power.casting_lines_growth":      "casting line start rate",
	"power.turbine_supply":            "gas turbines from the OEMs",
	"power.transformers":              "large power transformers",
	"solar.cell_lines_growth":         "cell line start rate",
	"launch.licences":                 "launch licences",
	"launch.ramp":                     "flight-rate ramp",
	"launch.pads_growth":              "pad start rate",
	"launch.propellant_plants_growth": "propellant plant start rate",
	"space.manufacturing":             "satellite manufacturing",
	"space.factories_growth":          "satellite factory start rate",
	"robots.lines_growth":             "robot line start rate",
	"robots.ramp":                     "robot production ramp",
	"trade.accelerators":              "accelerator exports",
	"trade.hbm":                       "HBM exports",
}

// FamilyLabel returns a family's plain name, or the family name itself;
// a region's family is labelled with its region, "grid power (china)",
// and a trade family with its pair, "accelerator exports (us → china)".
func FamilyLabel(name string) string {
	base, scope := SplitRegion(name)
	l, ok := familyLabels[base]
	if !ok {
		return name
	}
	if scope == "" {
		return l
	}
	if from, to, pair := strings.Cut(scope, "_"); pair {
		return l + " (" + from + " → " + to + ")"
	}
	return l + " (" + scope + ")"
}

// Module returns the module part of a family name, "power" for
// "power.balance".
func Module(family string) string {
	m, _, _ := strings.Cut(family, ".")
	return m
}

package constraints

// familyKeys are, for each capacity family, the parameters whose --set
// moves its capacity side: what a user changes to relax the limit. The
// first key moves it most directly (the capacity itself); later ones act
// through lead times, conversion factors or the demand side of the row.
var familyKeys = map[string][]string{
	"chips.wafers":              {"fabs.wafers_per_year", "chips.accelerators_per_year_existing", "chips.accelerators_per_wafer", "fabs.build_years"},
	"chips.packaging":           {"packaging.accelerators_per_year_existing", "packaging.line_accelerators_per_year", "packaging.line_build_years"},
	"memory.hbm":                {"memory.hbm_eb_per_year_existing", "memory.hbm_line_eb_per_year", "memory.hbm_line_build_years", "accelerator.hbm_gb"},
	"memory.dram":               {"memory.dram_eb_per_year_existing", "memory.fab_eb_per_year", "memory.fab_build_years", "memory.hbm_wafer_ratio"},
	"power.balance":             {"grid.new_gw_per_year", "turbines.castings_gw_per_year_market", "solar.permits_gw_per_year", "earth.generation_kw_per_accelerator"},
	"power.grid":                {"grid.new_gw_per_year", "grid.interconnect_lag_years"},
	"power.castings":            {"turbines.castings_gw_per_year_market", "castings.line_gw_per_year", "castings.build_years"},
	"power.turbines":            {"turbines.castings_gw_per_year_market", "turbines.lag_years"},
	"power.fuel":                {"turbines.fuel_gw_max"},
	"power.solar_permits":       {"solar.permits_gw_per_year", "solar.permit_lag_years"},
	"power.offpeak":             {"grid.offpeak_headroom_gw"},
	"solar.own_capacity":        {"solar.own_cells_gw_per_year_existing", "solar.cell_line_gw_per_year", "solar.cell_line_build_years"},
	"solar.imports":             {"solar.imported_cells_gw_per_year_max"},
	"launch.ship_production":    {"launch.ships_per_year"},
	"launch.turnaround":         {"launch.turnaround_hours", "launch.ships_per_year", "launch.ship_loss_rate"},
	"launch.pads":               {"launch.launches_per_pad_per_year", "launch.pads_initial", "launch.pad_build_years"},
	"launch.propellant":         {"launch.propellant_mt_per_year_initial", "launch.propellant_plant_mt_per_year", "launch.propellant_t_per_launch", "launch.propellant_plant_build_years"},
	"launch.propellant_ceiling": {"launch.propellant_mt_per_year_max", "launch.propellant_t_per_launch"},
	"launch.mass":               {"launch.payload_t", "space.specific_power_kw_per_t"},
	"space.power":               {"space.it_fraction", "space.specific_power_kw_per_t", "accelerator.it_kw"},
	"lunar.driver":              {"lunar.mass_driver_mt_per_year"},
	"robots.self_build":         {"robots.self_build_m_per_year_per_m"},
	"robots.ceiling":            {"robots.version_ceiling"},
	"robots.production":         {"robots.line_m_per_year", "robots.capacity_initial", "robots.line_build_years"},
	"labour.balance":            {"labour.human_worker_years", "robots.labour_factor"},
	"capital.budget":            {"budget.usd_per_year", "finance.debt_max_usd"},
	"chips.euv":                 {"euv.scanners_per_year", "fabs.euv_per_fab", "memory.fab_euv_per_fab"},
	"chips.own_output":          {"fabs.wafers_per_year", "fabs.build_years"},
	"launch.licences":           {"launch.licensed_launches_per_year"},
	"launch.ramp":               {"launch.flights_initial_per_year", "launch.flights_growth_per_year"},
	"power.transformers":        {"transformers.gw_per_year"},
	"power.turbine_supply":      {"turbines.gw_per_year_max"},
	"space.manufacturing":       {"space.manufacturing_mt_per_year_existing", "space.factory_mt_per_year", "space.factory_build_years"},
	"robots.ramp":               {"robots.capacity_growth_per_year", "robots.capacity_initial"},
	// Trade between regions (export controls), scoped to a pair.
	"trade.accelerators": {"trade.accelerators_m_per_year"},
	"trade.hbm":          {"trade.hbm_eb_per_year"},
	// Start-rate limits of expansions (see growth): the first starts a
	// year and how fast that rate may grow.
	"chips.fab_growth":                {"fabs.starts_initial_per_year", "fabs.starts_growth_per_year"},
	"chips.packaging_lines_growth":    {"packaging.line_starts_initial_per_year", "packaging.line_starts_growth_per_year"},
	"memory.fabs_growth":              {"memory.fab_starts_initial_per_year", "memory.fab_starts_growth_per_year"},
	"memory.hbm_lines_growth":         {"memory.hbm_line_starts_initial_per_year", "memory.hbm_line_starts_growth_per_year"},
	"power.casting_lines_growth":      {"castings.starts_initial_per_year", "castings.starts_growth_per_year"},
	"solar.cell_lines_growth":         {"solar.cell_line_starts_initial_per_year", "solar.cell_line_starts_growth_per_year"},
	"robots.lines_growth":             {"robots.line_starts_initial_per_year", "robots.line_starts_growth_per_year"},
	"launch.pads_growth":              {"launch.pad_starts_initial_per_year", "launch.pad_starts_growth_per_year"},
	"launch.propellant_plants_growth": {"launch.propellant_plant_starts_initial_per_year", "launch.propellant_plant_starts_growth_per_year"},
	"space.factories_growth":          {"space.factory_starts_initial_per_year", "space.factory_starts_growth_per_year"},
}

// FamilyKeys returns the parameter keys whose --set moves a capacity
// family (see familyKeys), most direct first; nil for a family that is
// not a capacity.
//
// A region's family (family@region) is moved by the same keys set for
// the region (key@region); a trade family (trade.x@from_to) by its
// pair's limit.
func FamilyKeys(family string) []string {
	base, scope := SplitRegion(family)
	keys := append([]string(nil), familyKeys[base]...)
	if scope != "" {
		for i, k := range keys {
			keys[i] = RegionKey(k, scope)
		}
	}
	return keys
}

package constraints

import "math"

var inf = math.Inf(1)

// moduleNames are the modules a scenario can switch off with
// `modules: {name: false}`. compute and cost are always on.
var moduleNames = []string{"chips", "memory", "power", "solar", "launch", "space", "robots", "labour", "lunar"}

// registry lists every canonical parameter. Units are the canonical units
// the scenario loader converts to; constraint builders rescale them to the
// LP's internal units (GW, Mt, $B, millions, EB, thousands of launches).
var registry = []Param{
	// horizon
	{"horizon.start_year", "year", "horizon", "first period", 2000, 2200},
	{"horizon.end_year", "year", "horizon", "last period", 2000, 2300},
	{"horizon.step_years", "yr", "horizon", "period length (1 = yearly, 0.25 = quarterly)", 0.05, 10},

	// accelerator
	{"accelerator.it_kw", "kW", "compute", "IT power per accelerator", 0.01, 100},
	{"accelerator.hbm_gb", "GB", "memory", "HBM per accelerator", 0, 10000},
	{"accelerator.lifetime_years", "yr", "compute", "service life of an accelerator", 0.25, 30},
	{"accelerator.cost_usd", "$", "cost", "price of one accelerator including its share of the server", 0, 1e7},
	{"accelerator.own_cost_usd", "$", "cost", "cost to make one accelerator from the plan's own fabs (wafer, packaging, HBM, board, server share), without the fab's capex", 0, 1e7},
	{"accelerator.server_overhead", "share", "compute", "networking, CPUs and storage per kW of accelerator, counted on Earth and in orbit alike", 0, 10},

	// compute
	{"compute.initial_earth_gw", "GW", "compute", "AI IT power installed on Earth in the start year", 0, 1e5},
	{"compute.stranded_writeoff_per_year", "1/yr", "compute", "share of the stranded inventory written off each year (obsolescence)", 0, 1},

	// chips
	{"chips.accelerators_per_year_existing", "M/yr", "chips", "accelerator output of the existing foundry allocation", 0, 1e5},
	{"chips.take_or_pay_share", "share", "chips", "share of the existing allocation booked take-or-pay", 0, 1},
	{"chips.accelerators_per_wafer", "units", "chips", "good accelerators per leading-edge wafer", 0.1, 1e4},
	{"chips.edge_chips_per_wafer", "units", "chips", "edge chips (robots, cars) per wafer", 0.1, 1e5},
	{"chips.memory_shortfall_usd_per_accelerator", "$", "chips", "value lost per committed accelerator not made for lack of HBM", 0, 1e8},
	{"fabs.build_years", "yr", "chips", "years from fab start to first output", 0, 20},
	{"fabs.yield_ramp_1", "share", "chips", "output share in the first year after build", 0, 1},
	{"fabs.yield_ramp_2", "share", "chips", "output share in the second year after build", 0, 1},
	{"fabs.yield_ramp_3", "share", "chips", "output share in the third year after build (full yield after)", 0, 1},
	{"fabs.wafers_per_year", "wafers/yr", "chips", "wafer output of one fab at full yield", 0, 1e8},
	{"fabs.cost_usd", "$", "chips", "capex of one fab", 0, 1e13},
	{"fabs.labour_worker_years", "worker-yr", "labour", "construction labour per fab", 0, 1e7},
	{"fabs.euv_per_fab", "units", "chips", "EUV scanners one logic fab needs", 0, 1e4},
	{"euv.scanners_per_year", "units/yr", "chips", "EUV scanners available to new AI fabs per year", 0, 1e5},
	{"packaging.accelerators_per_year_existing", "M/yr", "chips", "advanced-packaging capacity of existing lines", 0, 1e5},
	{"packaging.line_accelerators_per_year", "M/yr", "chips", "capacity of one new packaging line", 0, 1e4},
	{"packaging.line_build_years", "yr", "chips", "build time of a packaging line", 0, 20},
	{"packaging.line_cost_usd", "$", "chips", "capex of one packaging line", 0, 1e13},
	{"packaging.labour_worker_years", "worker-yr", "labour", "construction labour per packaging line", 0, 1e7},

	// memory
	{"memory.dram_eb_per_year_existing", "EB/yr", "memory", "DRAM bit output of existing fabs", 0, 1e6},
	{"memory.hbm_eb_per_year_existing", "EB/yr", "memory", "HBM stacking capacity of existing lines", 0, 1e6},
	{"memory.hbm_wafer_ratio", "share", "memory", "DRAM wafer bits per HBM bit", 1, 20},
	{"memory.ddr_other_eb_per_year", "EB/yr", "memory", "DRAM bits the rest of the world (phones, PCs, servers) keeps buying", 0, 1e6},
	{"memory.fab_eb_per_year", "EB/yr", "memory", "DRAM output of one new memory fab", 0, 1e5},
	{"memory.fab_build_years", "yr", "memory", "build time of a memory fab", 0, 20},
	{"memory.fab_cost_usd", "$", "memory", "capex of one memory fab", 0, 1e13},
	{"memory.fab_labour_worker_years", "worker-yr", "labour", "construction labour per memory fab", 0, 1e7},
	{"memory.fab_euv_per_fab", "units", "memory", "EUV scanners one memory fab needs", 0, 1e4},
	{"memory.hbm_line_eb_per_year", "EB/yr", "memory", "capacity of one new HBM stacking line", 0, 1e5},
	{"memory.hbm_line_build_years", "yr", "memory", "build time of an HBM stacking line", 0, 20},
	{"memory.hbm_line_cost_usd", "$", "memory", "capex of one HBM stacking line", 0, 1e13},
	{"memory.hbm_line_labour_worker_years", "worker-yr", "labour", "construction labour per HBM line", 0, 1e7},

	// power on Earth
	{"earth.generation_kw_per_accelerator", "kW", "power", "generation needed per accelerator (IT, cooling peak, reserve)", 0, 1000},
	{"earth.facility_usd_per_kw", "$/kW", "cost", "data-centre shell, cooling and electrical per kW of IT", 0, 1e6},
	{"earth.plant_lifetime_years", "yr", "cost", "life of facilities, power plants and batteries, for levelized cost", 1, 100},
	{"earth.load_factor", "share", "power", "average generation drawn per unit of generation capacity the fleet needs (fuel is paid on energy)", 0.01, 1},
	{"grid.pipeline_gw", "GW", "power", "grid connections already in the interconnection pipeline at the start, usable in the first year", 0, 1e5},
	{"grid.new_gw_per_year", "GW/yr", "power", "new grid connections granted per year", 0, 1e5},
	{"grid.interconnect_lag_years", "yr", "power", "interconnect study before a connection is usable", 0, 20},
	{"grid.offpeak_headroom_gw", "GW", "power", "off-peak grid capacity for charging edge devices", 0, 1e5},
	{"grid.usd_per_mwh", "$/MWh", "cost", "grid electricity price", 0, 1e4},
	{"grid.connection_usd_per_kw", "$/kW", "cost", "connection and substation cost", 0, 1e5},
	{"turbines.castings_gw_per_year_market", "GW/yr", "power", "blade and vane castings the market allocates to AI builders", 0, 1e5},
	{"turbines.lag_years", "yr", "power", "castings arrive this long before a turbine is generating", 0, 20},
	{"turbines.cost_usd_per_kw", "$/kW", "cost", "gas turbine plant capex", 0, 1e5},
	{"turbines.fuel_usd_per_mwh", "$/MWh", "cost", "fuel cost of turbine electricity", 0, 1e4},
	{"turbines.fuel_gw_max", "GW", "power", "turbine generation that gas supply can fuel for AI", 0, 1e6},
	{"turbines.gw_per_year_max", "GW/yr", "power", "whole gas turbines the OEMs can deliver to AI builders per year", 0, 1e5},
	{"turbines.fixed_om_usd_per_kw_year", "$/kW/yr", "cost", "fixed operation and maintenance of a gas plant", 0, 1e4},
	{"turbines.castings_usd_per_kw", "$/kW", "cost", "price of a turbine's blade and vane castings, paid when cast", 0, 1e5},
	{"transformers.gw_per_year", "GW/yr", "power", "new generation and grid connections whose large power transformers can be delivered per year", 0, 1e6},
	{"castings.line_gw_per_year", "GW/yr", "power", "castings output of one own casting line", 0, 1e4},
	{"castings.build_years", "yr", "power", "build time of a casting line", 0, 20},
	{"castings.cost_usd", "$", "cost", "capex of one casting line", 0, 1e13},
	{"castings.labour_worker_years", "worker-yr", "labour", "construction labour per casting line", 0, 1e7},
	{"solar.ground_capacity_factor", "share", "power", "ground solar capacity factor", 0.01, 1},
	{"solar.storage_hours", "h", "power", "battery hours per GW of firm solar", 0, 1000},
	{"solar.battery_usd_per_kwh", "$/kWh", "cost", "battery capex", 0, 1e5},
	{"solar.permit_lag_years", "yr", "power", "land and permits before ground solar is usable", 0, 20},
	{"solar.permits_gw_per_year", "GW/yr", "power", "firm ground solar that can be permitted per year", 0, 1e6},
	{"solar.bos_usd_per_w", "$/W", "cost", "ground solar balance of system (mounting, inverters, land, labour) per W of panel", 0, 100},

	// solar cells
	{"solar.tariff_multiplier", "share", "solar", "price multiplier on imported cells", 0, 100},
	{"solar.cell_usd_per_w_ground", "$/W", "solar", "ground cell and module price", 0, 100},
	{"solar.cell_usd_per_w_space", "$/W", "solar", "space cell price (no glass, no heavy frame)", 0, 100},
	{"solar.own_cells_gw_per_year_existing", "GW/yr", "solar", "own cell manufacturing capacity", 0, 1e6},
	{"solar.imported_cells_gw_per_year_max", "GW/yr", "solar", "cells that can be imported per year", 0, 1e6},
	{"solar.cell_line_gw_per_year", "GW/yr", "solar", "capacity of one new cell line", 0, 1e5},
	{"solar.cell_line_build_years", "yr", "solar", "build time of a cell line", 0, 20},
	{"solar.cell_line_cost_usd", "$", "solar", "capex of one cell line", 0, 1e13},
	{"solar.cell_line_labour_worker_years", "worker-yr", "labour", "construction labour per cell line", 0, 1e7},

	// launch
	{"launch.payload_t", "t", "launch", "payload to orbit per launch", 0.1, 1e4},
	{"launch.turnaround_hours", "h", "launch", "time between flights of one ship", 0.1, 1e5},
	{"launch.ships_initial", "units", "launch", "ships in the fleet at the start", 0, 1e5},
	{"launch.ships_per_year", "units/yr", "launch", "ships that can be built per year", 0, 1e5},
	{"launch.ship_loss_rate", "1/yr", "launch", "share of the fleet lost per year", 0, 1},
	{"launch.launches_per_pad_per_year", "units/yr", "launch", "launches one pad supports per year", 0, 1e6},
	{"launch.pads_initial", "units", "launch", "pads at the start", 0, 1e4},
	{"launch.pad_build_years", "yr", "launch", "build time of a pad", 0, 20},
	{"launch.pad_cost_usd", "$", "launch", "capex of a pad", 0, 1e13},
	{"launch.pad_labour_worker_years", "worker-yr", "labour", "construction labour per pad", 0, 1e7},
	{"launch.propellant_t_per_launch", "t", "launch", "propellant per launch (booster and ship)", 0, 1e6},
	{"launch.propellant_mt_per_year_initial", "Mt/yr", "launch", "propellant production at the start", 0, 1e6},
	{"launch.propellant_mt_per_year_max", "Mt/yr", "launch", "ceiling on propellant production from Earth", 0, 1e7},
	{"launch.propellant_plant_mt_per_year", "Mt/yr", "launch", "capacity of one new propellant plant", 0, 1e5},
	{"launch.propellant_plant_build_years", "yr", "launch", "build time of a propellant plant", 0, 20},
	{"launch.propellant_plant_cost_usd", "$", "launch", "capex of a propellant plant", 0, 1e13},
	{"launch.propellant_plant_labour_worker_years", "worker-yr", "labour", "construction labour per propellant plant", 0, 1e7},
	{"launch.cost_usd_per_kg", "$/kg", "launch", "launch operations, propellant and refurbishment per kg of payload a launch can carry (vehicles are priced by launch.ship_cost_usd)", 0, 1e6},
	{"launch.ship_cost_usd", "$", "launch", "cost to build one Starship (ship and booster)", 0, 1e12},
	{"launch.licensed_launches_per_year", "units/yr", "launch", "launches the launch licences of every site allow per year", 0, 1e7},
	{"launch.flights_initial_per_year", "units/yr", "launch", "flight-rate ramp: launches a year the first orbital year can fly", 0, 1e7},
	{"launch.flights_growth_per_year", "1/yr", "launch", "flight-rate ramp: growth of the launch rate per year", 0, 100},

	// space
	{"space.first_year", "year", "space", "first year orbital compute can be deployed", 2000, 2300},
	{"space.specific_power_kw_per_t", "kW/t", "space", "satellite power per tonne launched", 0.1, 1e4},
	{"space.capacity_factor", "share", "space", "share of time the arrays are lit", 0.01, 1},
	{"space.irradiance_ratio", "share", "space", "sunlight on a panel above the atmosphere relative to a ground panel's rating", 0.1, 10},
	{"space.it_fraction", "share", "space", "share of satellite power available to accelerators", 0.01, 1},
	{"space.array_oversize", "share", "space", "array oversize for degradation and margins", 1, 10},
	{"space.lifetime_years", "yr", "space", "service life in orbit", 0.25, 50},
	{"space.attrition_per_year", "1/yr", "space", "share of orbital accelerators lost per year", 0, 1},
	{"space.hardware_usd_per_w", "$/W", "space", "bus, radiators and structure per W of satellite power", 0, 1e4},
	{"space.manufacturing_mt_per_year_existing", "Mt/yr", "space", "satellite mass the existing factories can build per year", 0, 1e6},
	{"space.factory_mt_per_year", "Mt/yr", "space", "satellite mass one new factory can build per year", 0, 1e5},
	{"space.factory_build_years", "yr", "space", "build time of a satellite factory", 0, 20},
	{"space.factory_cost_usd", "$", "space", "capex of a satellite factory", 0, 1e13},
	{"space.factory_labour_worker_years", "worker-yr", "labour", "construction labour per satellite factory", 0, 1e7},

	// lunar
	{"lunar.first_year", "year", "lunar", "first year of the lunar mass driver", 2000, 2300},
	{"lunar.mass_driver_mt_per_year", "Mt/yr", "lunar", "mass the lunar driver can send to orbit per year", 0, 1e6},
	{"lunar.earth_mass_share", "share", "lunar", "share of a satellite's mass that must still come from Earth (chips, electronics)", 0, 1},
	{"lunar.cost_usd_per_kg", "$/kg", "lunar", "cost per kg of lunar-made mass delivered to orbit", 0, 1e6},

	// robots
	{"robots.capacity_initial", "M/yr", "robots", "robot production capacity at the start", 0, 1e5},
	{"robots.version_ceiling", "M/yr", "robots", "production ceiling of the current robot version", 0, 1e6},
	{"robots.line_m_per_year", "M/yr", "robots", "capacity of one human-built robot line", 0, 1e4},
	{"robots.line_build_years", "yr", "robots", "build time of a robot line", 0, 20},
	{"robots.line_cost_usd", "$", "robots", "capex of one robot line", 0, 1e13},
	{"robots.line_labour_worker_years", "worker-yr", "labour", "construction labour per robot line", 0, 1e7},
	{"robots.self_build_m_per_year_per_m", "1/yr", "robots", "robot-line capacity (M/yr) robots can add per year per million robots", 0, 100},
	{"robots.cost_usd", "$", "robots", "cost of one robot", 0, 1e8},
	{"robots.lifetime_years", "yr", "robots", "service life of a robot", 0.25, 50},
	{"robots.ddr_gb", "GB", "robots", "DDR per robot", 0, 1e5},
	{"robots.edge_kw", "kW", "robots", "edge compute power per robot", 0, 100},
	{"robots.labour_factor", "worker-yr/yr", "labour", "worker-years per year one robot provides", 0, 100},
	{"robots.capacity_growth_per_year", "1/yr", "robots", "fastest growth of robot production capacity per year (the S-curve's steep part)", 0, 100},

	// growth: start-rate limits on every expansion (MESSAGEix style)
	{"fabs.starts_initial_per_year", "units/yr", "chips", "logic fab starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"fabs.starts_growth_per_year", "1/yr", "chips", "growth per year of logic fab starts over the previous period's", 0, 100},
	{"packaging.line_starts_initial_per_year", "units/yr", "chips", "packaging line starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"packaging.line_starts_growth_per_year", "1/yr", "chips", "growth per year of packaging line starts over the previous period's", 0, 100},
	{"memory.fab_starts_initial_per_year", "units/yr", "memory", "memory fab starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"memory.fab_starts_growth_per_year", "1/yr", "memory", "growth per year of memory fab starts over the previous period's", 0, 100},
	{"memory.hbm_line_starts_initial_per_year", "units/yr", "memory", "HBM line starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"memory.hbm_line_starts_growth_per_year", "1/yr", "memory", "growth per year of HBM line starts over the previous period's", 0, 100},
	{"castings.starts_initial_per_year", "units/yr", "power", "casting line starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"castings.starts_growth_per_year", "1/yr", "power", "growth per year of casting line starts over the previous period's", 0, 100},
	{"solar.cell_line_starts_initial_per_year", "units/yr", "solar", "cell line starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"solar.cell_line_starts_growth_per_year", "1/yr", "solar", "growth per year of cell line starts over the previous period's", 0, 100},
	{"robots.line_starts_initial_per_year", "units/yr", "robots", "robot line starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"robots.line_starts_growth_per_year", "1/yr", "robots", "growth per year of robot line starts over the previous period's", 0, 100},
	{"launch.pad_starts_initial_per_year", "units/yr", "launch", "launch pad starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"launch.pad_starts_growth_per_year", "1/yr", "launch", "growth per year of launch pad starts over the previous period's", 0, 100},
	{"launch.propellant_plant_starts_initial_per_year", "units/yr", "launch", "propellant plant starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"launch.propellant_plant_starts_growth_per_year", "1/yr", "launch", "growth per year of propellant plant starts over the previous period's", 0, 100},
	{"space.factory_starts_initial_per_year", "units/yr", "space", "satellite factory starts a year can grow by from none (the additive term of the start-rate limit)", 0, 1e6},
	{"space.factory_starts_growth_per_year", "1/yr", "space", "growth per year of satellite factory starts over the previous period's", 0, 100},

	// labour
	{"labour.human_worker_years", "worker-yr/yr", "labour", "construction workers available per year", 0, 1e9},

	// cost and objectives
	{"cost.discount_rate", "1/yr", "cost", "discount rate to the start year", 0, 1},
	{"target.compute_gw", "GW", "compute", "AI IT power (Earth + orbit) to reach each year", 0, 1e6},
	{"target.shortfall_usd_per_kw", "$/kW", "compute", "penalty per kW-year of missed compute target", 0, 1e9},
	{"target.robots_m_per_year", "M/yr", "robots", "robot production to reach each year", 0, 1e6},
	{"target.robot_shortfall_usd_per_robot", "$", "robots", "penalty per robot of missed production target", 0, 1e9},
	{"budget.usd_per_year", "$/yr", "capital", "spending (capex and opex) allowed per year in every mode; unspent budget carries forward (0 = no limit)", 0, 1e16},
	{"finance.borrowing_rate", "1/yr", "capital", "interest on borrowed money", 0, 1},
	{"finance.debt_max_usd", "$", "capital", "most money that can be owed at once (0 = no borrowing)", 0, 1e16},
	{"cost.industrial_lifetime_years", "yr", "cost", "life of fabs, lines, factories, pads, plants and ships, for their salvage value at the end of the horizon", 1, 100},
}

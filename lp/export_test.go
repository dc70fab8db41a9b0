package lp

// SetDevexFloor sets devexBudget's least value and returns a func that
// restores it.
func SetDevexFloor(n int) (restore func()) {
	old := devexFloor
	devexFloor = n
	return func() { devexFloor = old }
}

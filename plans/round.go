package plans

import "reflect"

// roundStruct rounds every float64 field of the struct *p.
func roundStruct(p any) {
	v := reflect.ValueOf(p).Elem()
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.Float64 && f.CanSet() {
			f.SetFloat(round(f.Float()))
		}
	}
}

package region

import "testing"

// Probe results of KLayout 0.28.5 (KLAYOUT_SEMANTICS.md §6).
func TestSizedProbes(t *testing.T) {
	tri := mustParse("(0,0;0,300;1000,0)")
	tri45 := mustParse("(0,0;0,1000;1000,0)")
	oct := mustParse("(0,100;0,200;100,300;200,300;300,200;300,100;200,0;100,0)")
	tests := []struct {
		name string
		got  *Region
		want string
	}{
		{"triangle sized(20)", tri.Sized(20), "(-20,-20;-20,320;-13,325;1025,13;1020,-20)"},
		{"triangle sized(20) no_limit", tri.SizedXY(20, 20, SizeNoLimit), "(-20,-20;-20,327;1136,-20)"},
		{"triangle sized(-20)", tri.Sized(-20), "(20,20;20,273;864,20)"},
		{"45-degree triangle acute_limit", tri45.SizedXY(20, 20, SizeAcuteLimit), "(-20,-20;-20,1048;1048,-20)"},
		{"box sized(10,20)", regionOf(box(0, 0, 100, 100)).SizedXY(10, 20, SizeSquareLimit), "(-10,-20;-10,120;110,120;110,-20)"},
		{"box sized(-50) vanishes", regionOf(box(0, 0, 100, 100)).Sized(-50), ""},
		{"octagon sized(10): 45-degree edges move by round(d/√2)·√2", oct.Sized(10), "(96,-10;-10,96;-10,204;96,310;204,310;310,204;310,96;204,-10)"},
		{"45-degree triangle sized(20): the acute corner is cut", tri45.Sized(20), "(-20,-20;-20,1020;0,1028;1028,0;1020,-20)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalString(tc.got); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

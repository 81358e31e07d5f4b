package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.gds")
	failing := errors.New("disk on fire")
	tests := []struct {
		name    string
		before  string // existing content, "" for none
		write   string
		fail    bool
		sync    bool
		want    string
		wantErr bool
	}{
		{name: "new file", write: "abc", want: "abc"},
		{name: "replace", before: "old", write: "new content", want: "new content"},
		{name: "replace with sync", before: "old", write: "synced", sync: true, want: "synced"},
		{name: "failure keeps the old file", before: "old", write: "half", fail: true, want: "old", wantErr: true},
		{name: "failure leaves no new file", write: "half", fail: true, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(path)
			if tc.before != "" {
				if err := os.WriteFile(path, []byte(tc.before), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, Options{Sync: tc.sync}, func(w io.Writer) error {
				if _, err := io.WriteString(w, tc.write); err != nil {
					return err
				}
				if tc.fail {
					return failing
				}
				return nil
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr && !errors.Is(err, failing) {
				t.Errorf("error %v does not wrap the cause", err)
			}
			got, rerr := os.ReadFile(path)
			if tc.want == "" {
				if !os.IsNotExist(rerr) {
					t.Errorf("file exists after a failed first write: %q", got)
				}
			} else if string(got) != tc.want {
				t.Errorf("content = %q, want %q", got, tc.want)
			}
			if tc.before != "" {
				if st, err := os.Stat(path); err == nil && st.Mode().Perm() != 0o600 {
					t.Errorf("mode = %v, want the existing 0600 kept", st.Mode().Perm())
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "out.gds" {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			}
		})
	}
}

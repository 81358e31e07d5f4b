package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/render"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func newRenderCmd(o *options) *cobra.Command {
	var out, cell, markers, techName, lyp string
	var width int
	var light, noLabels bool
	cmd := &cobra.Command{
		Use:   "render FILE -o OUT.png|OUT.svg",
		Short: "Draw a cell with its layer colours and violation markers",
		Long: `render draws one cell of FILE, flat, as a PNG picture or an SVG drawing (by
the extension of -o): every layer in its technology's colour and fill
pattern, wells and implants at the bottom, then diffusion, poly, the metals
upward, the contacts and vias on top, the cell outline as a frame; a scale
bar in µm below. The pin and net names (texts on the technology's layers) are
written where they stand, up to 200 of them (--no-labels: none).

The colours come from technology T (--tech: an embedded name or a YAML file)
or from a KLayout layer properties file (--lyp). With neither, the
technology is guessed from the layers of the cell, and only if that is
unambiguous; otherwise give --tech. Layers the colours do not name are drawn
too, in palette colours.

--markers REPORT.json draws the violations of the cell from a JSON report of
drc or migrate (--report R.json) on top, in magenta: edge pairs as thick edges with the
area between them tinted, polygons and boxes outlined and filled
translucent.

The output is replaced atomically. Exit status: 0, 1 on error.`,
		Example: `  # the inverter of sky130, 1200 px on its longer side
  layoutmig render sky130_fd_sc_hd__inv_1.gds -o inv.png --tech sky130

  # the violations left by a migration, drawn on one migrated cell
  layoutmig migrate @demo --recipe gf180mcu-to-sky130 -o out.gds --report out.json
  layoutmig render out.gds --cell INV_X1 --markers out.json -o inv.svg

  # one cell of a library, KLayout's colours, white background
  layoutmig render lib.gds --cell NAND2_X1 --lyp layers.lyp --light -o nand2.png --width 800`,
		Args: wantArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			if out == "" {
				return errors.New("render: -o OUT.png or OUT.svg is required")
			}
			if ext := strings.ToLower(filepath.Ext(out)); ext != ".png" && ext != ".svg" {
				return fmt.Errorf("render: -o %s: the extension must be .png or .svg", out)
			}
			if techName != "" && lyp != "" {
				return errors.New("render: give --tech or --lyp, not both")
			}
			var styles []render.Layer
			var err error
			if lyp != "" {
				if styles, err = render.ReadLyp(lyp); err != nil {
					return err
				}
			}
			var tech *rules.Tech
			if techName != "" {
				if tech, err = techfiles.Load(techName); err != nil {
					return err
				}
			}
			var rep *drc.Report
			if markers != "" {
				if rep, err = drc.ReadFile(markers); err != nil {
					return fmt.Errorf("render: --markers: %w", err)
				}
			}
			lib, err := o.load(args[0])
			if err != nil {
				return err
			}
			for _, w := range lib.Warnings {
				o.warn(w)
			}
			c, err := render.FindCell(lib, cell)
			if err != nil {
				return err
			}
			if styles == nil {
				if tech == nil {
					if tech, err = guessTech(lib, c); err != nil {
						return err
					}
					o.logf("technology %s, guessed from the layers", tech.Name)
				}
				styles = render.FromTech(tech)
			}
			pic, err := render.New(lib, render.Options{Cell: c.Name, Layers: styles, Markers: rep, Size: width, Light: light,
				NoLabels: noLabels})
			if err != nil {
				return err
			}
			if err := pic.WriteFile(out); err != nil {
				return err
			}
			if !o.quiet {
				fmt.Fprintf(o.stdout, "%s: cell %s, %dx%d px, %d layers, %d markers\n",
					out, c.Name, pic.View.Width, pic.View.Height, len(pic.Layers()), pic.Markers())
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "the picture to write: .png or .svg")
	f.StringVar(&cell, "cell", "", "draw this cell (default: the only top cell)")
	f.StringVar(&markers, "markers", "", "draw the cell's violations from this drc or migrate JSON report")
	f.StringVar(&techName, "tech", "", "layer colours of this technology: an embedded name or a YAML file (default: guessed)")
	f.StringVar(&lyp, "lyp", "", "layer colours of this KLayout layer properties file")
	f.IntVar(&width, "width", render.DefaultSize, "the picture's longer side in pixels")
	f.BoolVar(&light, "light", false, "white background (default: black, as KLayout)")
	f.BoolVar(&noLabels, "no-labels", false, "leave out the pin and net names")
	return cmd
}

// guessTech picks the embedded technology whose layers are those of cell.
func guessTech(lib *layout.Library, cell *layout.Cell) (*rules.Tech, error) {
	var techs []*rules.Tech
	for _, n := range techfiles.Names() {
		t, err := techfiles.Load(n)
		if err != nil {
			return nil, err
		}
		techs = append(techs, t)
	}
	return render.GuessTech(lib, cell, techs)
}

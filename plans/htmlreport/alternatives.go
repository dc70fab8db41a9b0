package htmlreport

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"sync"

	"teraplan/plans"
	"teraplan/plans/chart"
)

// alternativesTemplate is the near-optimal alternatives section: the
// bound, a table of ranges and the range chart.
const alternativesTemplate = `<h2 id="alternatives">Near-optimal alternatives</h2>
<p class="meta">Plans with {{.Rep.NearOptimal.Measure}} {{.Rep.NearOptimal.Sense}} {{num .Rep.NearOptimal.Bound}} {{.Rep.NearOptimal.Unit}}
(the optimum {{num .Rep.NearOptimal.Optimum}} {{.Rep.NearOptimal.Unit}}, slack {{pct .Rep.Slack}}): the least and the most each
quantity can be among them. A narrow range means the optimal plan's answer is forced; a wide one, that near-equal plans disagree.</p>
{{range .Rep.Notes}}<p class="meta">Note: {{.}}</p>{{end}}
<div class="wrap"><table id="alternatives-table">
<tr><th>quantity</th><th>unit</th><th class="n">min</th><th class="n">optimal plan</th><th class="n">max</th></tr>
{{range .Rep.Quantities}}<tr><td><code>{{.Spec}}</code> {{.Label}}</td><td>{{.Unit}}</td><td class="n">{{num .Min}}</td><td class="n">{{num .Optimal}}</td><td class="n">{{num .Max}}</td></tr>
{{end}}</table></div>
<figure><img class="chart" data-chart="alternatives" src="{{.Src}}" alt="{{.Caption}}" width="768" height="{{.Height}}"><figcaption>{{.Caption}}</figcaption></figure>
`

// alternativesSectionTemplate is parsed on first use, as page is.
var alternativesSectionTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("alternatives").Funcs(template.FuncMap{
		"num": num,
		"pct": func(x float64) string { return fmt.Sprintf("%.4g%%", 100*x) },
	}).Parse(alternativesTemplate))
})

// alternativesSection renders the near-optimal alternatives section with
// its chart, or nothing when rep is nil.
func alternativesSection(rep *plans.AlternativesReport) (template.HTML, error) {
	if rep == nil {
		return "", nil
	}
	var svg bytes.Buffer
	if err := chart.Alternatives(&svg, chart.Output{Format: chart.SVG}, rep); err != nil {
		return "", fmt.Errorf("htmlreport: alternatives chart: %w", err)
	}
	data := struct {
		Rep     *plans.AlternativesReport
		Src     template.URL
		Caption string
		Height  int
	}{
		Rep:     rep,
		Src:     template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg.Bytes())),
		Caption: "Near-optimal range of each quantity (bar) and its value in the optimal plan (dashed line), each on its own axis.",
		Height:  max(480, 96*(len(rep.Quantities)+1)),
	}
	var b bytes.Buffer
	if err := alternativesSectionTemplate().Execute(&b, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // escaped by its own html/template
}

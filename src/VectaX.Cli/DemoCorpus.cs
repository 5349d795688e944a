namespace VectaX.Cli;

/// <summary>
/// The demo's corpus: internal notes of a fictional company, one department each, composed from a fixed grammar
/// (frame x subject x event x follow-up) and drawn in a fixed order, so every run embeds the same few thousand texts.
/// </summary>
internal static class DemoCorpus
{
    /// <summary>The departments: each note is sealed under its own, so they double as the RBAC vocabulary.</summary>
    public static readonly string[] Departments = ["engineering", "finance", "hr", "legal", "research", "sales"];

    private static readonly string[] Frames = ["{0} {1}; {2}.", "Update from {3}: {0} {1}, and {2}.", "{0} {1}. Next step: {2}."];

    private static readonly string[][] Subjects =
    [
        ["The payment service", "The nightly build", "Our Kubernetes cluster", "The login API", "The search index", "The mobile app release", "The database migration", "The CI pipeline", "The message queue", "The monitoring dashboard"],
        ["The quarterly budget", "Supplier invoice 4471", "The travel expense policy", "Our cash-flow forecast", "The annual audit", "The payroll run", "The currency hedge", "The capital expenditure plan", "The tax filing", "The procurement card limit"],
        ["The parental leave policy", "The hiring plan for data engineers", "Our onboarding checklist", "The annual performance review", "The remote work guideline", "The benefits enrolment", "The graduate programme", "The team offsite", "The harassment training", "The salary band review"],
        ["The supplier contract with Nordwind", "The data processing agreement", "Our trademark filing", "The NDA template", "The GDPR subject access request", "The patent application", "The office lease", "The open-source licence review", "The export-control screening", "The litigation hold"],
        ["The protein folding experiment", "Our battery chemistry prototype", "The user study on voice search", "The climate model run", "The new recommendation algorithm", "The lab safety protocol", "The quantum sensor calibration", "The grant proposal", "The embedding compression paper", "The materials fatigue test"],
        ["The enterprise deal with Helios", "Our pricing page", "The partner referral programme", "The Q3 sales pipeline", "The customer churn report", "The trade show booth", "The renewal with Acme Retail", "The discount approval", "The lead scoring model", "The regional sales kickoff"],
    ];

    private static readonly string[][] Events =
    [
        ["went down for forty minutes after a bad configuration push", "now deploys twice as fast", "leaks memory under heavy load", "failed its security scan", "was rolled back after errors spiked", "needs an upgrade before the end of support", "passed the load test at ten thousand requests a second", "is blocked on a flaky integration test"],
        ["is over plan by twelve percent", "was approved by the board", "shows a late payment", "needs two signatures before release", "was moved to the next quarter", "has a rounding error in the totals", "is waiting for the auditors' sign-off", "came in under budget"],
        ["was updated for all employees", "opens on the first of next month", "gets mixed feedback from managers", "is missing three signatures", "is now mandatory for new joiners", "was extended to contractors", "is delayed until the new system is live", "needs a review by the works council"],
        ["expires at the end of the year", "contains an unlimited liability clause", "was signed by both parties", "needs changes to the termination terms", "was flagged by outside counsel", "must be answered within thirty days", "is under negotiation", "was rejected by the regulator"],
        ["gave results we could not reproduce", "beats the baseline by eight percent", "needs more compute time", "was accepted at the spring conference", "ran into a problem with contaminated samples", "is ready for peer review", "showed an unexpected correlation", "was paused for an ethics review"],
        ["closed at twice the expected value", "slipped to next quarter", "needs a bigger discount to close", "doubled the number of qualified leads", "lost to a competitor on price", "is waiting on the customer's legal team", "beat the regional target", "needs a new executive sponsor"],
    ];

    private static readonly string[][] FollowUps =
    [
        ["the on-call engineer will write the postmortem", "we add an alert on error rates", "the platform team owns the fix", "we freeze deployments until Friday", "we need a second reviewer on every change", "the runbook gets a new section", "we schedule the upgrade for the weekend", "the architects review the design on Monday"],
        ["the controller will reconcile the accounts", "send the receipts to accounts payable", "the CFO wants a revised forecast", "we hold all new spending until month end", "finance partners will brief each team", "the treasury team reviews the exposure", "expense reports are due on the fifth", "we reopen the ledger for corrections"],
        ["managers will brief their teams", "questions go to the people partner", "the intranet page has the details", "sign up before the deadline", "we survey staff in two weeks", "recruiters will update the job adverts", "the HR system sends reminders", "the works council meets on Thursday"],
        ["legal will send a redline by Friday", "do not share the draft outside the company", "the general counsel must approve it", "keep all related emails", "we book a call with outside counsel", "the compliance officer tracks the deadline", "file the signed copy in the contract system", "escalate any questions to the legal desk"],
        ["the team will repeat the experiment", "we share the data set with the partner lab", "the results go into the quarterly report", "we request more GPU hours", "the principal investigator reviews the method", "the paper draft is due next month", "we present it at the research seminar", "the lab notebook has the raw numbers"],
        ["the account executive calls the customer", "update the forecast in the CRM", "the sales director approves the terms", "marketing prepares a case study", "we send a revised quote", "the deal desk reviews the discount", "book a demo with their engineers", "the regional lead reports on Monday"],
    ];

    /// <summary>Questions a user might ask, one per department per row, for the demo's sample queries.</summary>
    public static readonly string[] Questions =
    [
        "Why did the checkout service crash?",
        "Which invoices are still unpaid?",
        "How much parental leave do employees get?",
        "Which contracts are about to expire?",
        "Which experiments failed to replicate?",
        "Which big deals did we lose to competitors?",
    ];

    /// <summary>How many distinct notes the grammar makes.</summary>
    public static int Size => Enumerable.Range(0, Departments.Length).Sum(d => Frames.Length * Subjects[d].Length * Events[d].Length * FollowUps[d].Length);

    /// <summary>The first <paramref name="count"/> notes (of <see cref="Size"/>) of one fixed shuffle, each with its department's index.</summary>
    public static (string Text, int Department)[] Generate(int count)
    {
        var all = new List<(string, int)>();
        for (int d = 0; d < Departments.Length; d++)
        {
            for (int f = 0; f < Frames.Length; f++)
            {
                foreach (string subject in Subjects[d])
                {
                    foreach (string e in Events[d])
                    {
                        foreach (string next in FollowUps[d])
                        {
                            all.Add((string.Format(System.Globalization.CultureInfo.InvariantCulture, Frames[f], subject, e, next, Departments[d]), d));
                        }
                    }
                }
            }
        }

        var random = new Random(2026);
        return [.. all.OrderBy(_ => random.Next()).Take(count)];
    }
}

// The script of the pages that show the campaign's state (home page, tools):
// module scripts run once the page is parsed.
import { readCampaign, renderCampaign } from "./campagne.mjs";

renderCampaign(document, readCampaign(document));

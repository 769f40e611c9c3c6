import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthProvider } from './auth';
import { I18nProvider, loadLang, storedLang } from './i18n';
import { MetaProvider } from './meta';
import { AppProviders } from './providers';
import { applyDisplayPrefs, PrefsProvider, storedContrast, storedScaleIndex } from './prefs';
// Every style sheet loads with the shell, in the order the single bundle had: the areas' sheets style
// screens of other areas too (the header's bell is in notifications.css), and the cascade stays as it was.
import './pages/tasks/tasks.css';
import './pages/catalog/catalog.css';
import './pages/feedback/feedback.css';
import './pages/direction/direction.css';
import './pages/dossiers/dossiers.css';
import './pages/reports/reports.css';
import './pages/citizens/citizens.css';
import './pages/calendar/calendar.css';
import './pages/quality/quality.css';
import './pages/reform/indices.css';
import './pages/reform/reform.css';
import './pages/notifications/notifications.css';
import './pages/frontoffice/frontoffice.css';
import './pages/certification/certification.css';
import './styles.css';

// Apply persisted display preferences before the first paint (no inline script: the CSP forbids it).
applyDisplayPrefs(storedScaleIndex(), storedContrast());

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

const render = () =>
  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <I18nProvider>
          <PrefsProvider>
            <MetaProvider>
              <AuthProvider>
                <App />
              </AuthProvider>
            </MetaProvider>
          </PrefsProvider>
        </I18nProvider>
      </AppProviders>
    </StrictMode>,
  );

// Vietnamese renders at once. A stored English preference waits for its dictionary (one small chunk)
// before the first render, so the page does not show Vietnamese and then switch; if that chunk cannot
// be fetched, the page renders in Vietnamese (I18nProvider shows only a loaded language).
const lang = storedLang();
if (lang === 'vi') render();
else loadLang(lang).then(render, render);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthProvider } from './auth';
import { I18nProvider, storedLang } from './i18n';
import { MetaProvider } from './meta';
import { applyDisplayPrefs, PrefsProvider, storedContrast, storedScaleIndex } from './prefs';
import './styles.css';

// Apply persisted display preferences before the first paint (no inline script: the CSP forbids it).
applyDisplayPrefs(storedScaleIndex(), storedContrast());
document.documentElement.lang = storedLang();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <PrefsProvider>
        <MetaProvider>
          <AuthProvider>
            <App />
          </AuthProvider>
        </MetaProvider>
      </PrefsProvider>
    </I18nProvider>
  </StrictMode>,
);
